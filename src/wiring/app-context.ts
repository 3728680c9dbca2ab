import { clusterMemberCounter } from '../adapters/dynamodb/cluster-members.js';
import { DynamoClusterRepository } from '../adapters/dynamodb/cluster-repository.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoTaskDefinitionRepository } from '../adapters/dynamodb/task-definition-repository.js';
import type { AppContext } from '../app/context.js';
import { clusterTaggable, taskDefinitionTaggable } from '../app/tags/taggables.js';
import type { BerthConfig } from '../config.js';
import { systemClock, type Clock } from '../ports/clock.js';

/** The composition root: real adapters for a config. Entry points call it once, at module scope. */
export function buildAppContext(config: BerthConfig, clock: Clock = systemClock): AppContext {
  const db = createDocumentClient(config);
  const clusters = new DynamoClusterRepository(db, config.tableName, clusterMemberCounter(db, config.tableName));
  const taskDefinitions = new DynamoTaskDefinitionRepository(db, config.tableName);
  return {
    arn: { region: config.region, accountId: config.accountId },
    clock,
    clusters,
    taskDefinitions,
    taggables: { cluster: clusterTaggable(clusters), 'task-definition': taskDefinitionTaggable(taskDefinitions) },
  };
}

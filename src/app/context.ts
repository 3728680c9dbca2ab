import type { ArnContext, ResourceKind } from '../domain/arn.js';
import type { Clock } from '../ports/clock.js';
import type { ClusterRepository } from '../ports/cluster-repository.js';
import type { TaskDefinitionRepository } from '../ports/task-definition-repository.js';
import type { Taggable } from '../ports/taggable.js';

/** Everything a use case may touch, built once per process by an entry point. */
export interface AppContext {
  arn: ArnContext;
  clock: Clock;
  clusters: ClusterRepository;
  taskDefinitions: TaskDefinitionRepository;
  /** TagResource & co. dispatch on the ARN's resource kind. */
  taggables: Partial<Record<ResourceKind, Taggable>>;
}

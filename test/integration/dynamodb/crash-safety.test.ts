import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/app/context.js';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import { registerContainerInstance } from '../../../src/app/container-instances/register-container-instance.js';
import { reconcileClusterPass } from '../../../src/app/reconcile/run-reconcile.js';
import { createService } from '../../../src/app/services/create-service.js';
import { updateService } from '../../../src/app/services/update-service.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import type { BerthConfig } from '../../../src/config.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { expectConsistentAccounting } from '../../support/cluster-invariants.js';
import { playAgentPoll } from '../../support/agent-poll.js';
import { freshTable } from '../../support/table.js';

class Crash extends Error {}

/** A context whose DynamoDB client dies after `budget` calls: a process killed between any two writes. */
function crashingContext(config: BerthConfig, budget: number): AppContext {
  let calls = 0;
  return buildAppContext(config, {
    instrument: (db: DynamoDBDocumentClient) =>
      db.middlewareStack.add(
        (next) => async (args) => {
          if (++calls > budget) throw new Crash(`crashed after ${budget} calls`);
          return next(args);
        },
        { step: 'initialize', name: 'crash' },
      ),
  });
}

let config: BerthConfig;
let ctx: AppContext;
const cluster = 'crashy';
const instances: string[] = [];
/** What the agents would do: run what should run, stop what should stop (each report a transition with its instance bookkeeping). */
async function agentsConverge(c: AppContext = ctx) {
  for (const arn of instances) {
    await playAgentPoll(c, cluster, arn);
  }
}

const survive = (err: unknown) => {
  if (!(err instanceof Crash)) throw err;
};

beforeAll(async () => {
  config = await freshTable();
  ctx = buildAppContext(config);
  await createCluster({ clusterName: cluster }, ctx);
  for (let i = 0; i < 3; i++) {
    const out = await registerContainerInstance(
      {
        cluster,
        totalResources: [
          { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
          { name: 'MEMORY', type: 'INTEGER', integerValue: 1024 },
        ],
        attributes: [{ name: 'ecs.availability-zone', value: `us-east-1${'abc'[i]}` }],
      },
      ctx,
    );
    instances.push(out.containerInstance!.containerInstanceArn!);
  }
  await registerTaskDefinition(
    { family: 'c', containerDefinitions: [{ name: 'a', image: 'x', cpu: 100, memory: 100, portMappings: [{ containerPort: 80 }] }] },
    ctx,
  );
  await createService({ cluster, serviceName: 'svc', taskDefinition: 'c', desiredCount: 4 }, ctx);
});

describe('a reconciler or an agent poll killed between any two DynamoDB calls', () => {
  it('leaks no reservation and the next pass converges', { timeout: 300_000 }, async () => {
    const desired = [7, 2, 9, 4, 0, 6];
    for (let round = 0; round < desired.length; round++) {
      await updateService({ cluster, service: 'svc', desiredCount: desired[round] }, ctx);
      // Kill a pass after 1, 3, 5… calls: every prefix of the pass's writes is a possible crash point.
      for (let budget = 1 + (round % 2); budget < 30; budget += 2) {
        await reconcileClusterPass(crashingContext(config, budget), cluster).catch(survive);
        await expectConsistentAccounting(ctx, cluster);
        await agentsConverge(crashingContext(config, budget)).catch(survive);
        await expectConsistentAccounting(ctx, cluster);
        await agentsConverge();
      }
      for (let i = 0; i < 4; i++) {
        await reconcileClusterPass(ctx, cluster);
        await agentsConverge();
      }
      await expectConsistentAccounting(ctx, cluster);
      const service = (await ctx.services.get(cluster, 'svc'))!.record;
      const live = (await Promise.all(instances.map((a) => ctx.tasks.liveOnInstance(cluster, a.split('/').pop()!)))).flat();
      expect(service.runningCount).toBe(desired[round]);
      expect(live.filter((v) => v.task.desiredStatus === 'RUNNING')).toHaveLength(desired[round]);
    }
  });
});

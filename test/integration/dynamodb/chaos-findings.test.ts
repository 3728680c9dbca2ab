/**
 * Defects the fault-injection suite (test/chaos) found beyond issue 8's four,
 * each pinned by the shortest scenario that showed it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import type { AppContext } from '../../../src/app/context.js';
import { deregisterContainerInstance } from '../../../src/app/container-instances/deregister-container-instance.js';
import { registerContainerInstance } from '../../../src/app/container-instances/register-container-instance.js';
import { reconcileClusterPass } from '../../../src/app/reconcile/run-reconcile.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import { startTask } from '../../../src/app/tasks/start-task.js';
import { EcsError } from '../../../src/domain/errors.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { expectConsistentAccounting } from '../../support/cluster-invariants.js';
import { agentPollDeps, playAgentPoll } from '../../support/agent-poll.js';
import { freshTable } from '../../support/table.js';
import { createService } from '../../../src/app/services/create-service.js';
import type { BerthConfig } from '../../../src/config.js';

const cluster = 'findings';
let ctx: AppContext;
let config: BerthConfig;
const clock = { t: Date.UTC(2026, 0, 1), now: () => clock.t };
const resources = [
  { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
  { name: 'MEMORY', type: 'INTEGER', integerValue: 1024 },
];

beforeAll(async () => {
  config = await freshTable();
  ctx = buildAppContext(config, { clock });
  await createCluster({ clusterName: cluster }, ctx);
  await registerTaskDefinition({ family: 'job', containerDefinitions: [{ name: 'j', image: 'x', cpu: 64, memory: 64 }] }, ctx);
});

describe('a deregistered container instance', () => {
  it('is never brought back by an agent re-registering it: its tasks still hold its bookkeeping', async () => {
    const { containerInstance } = await registerContainerInstance({ cluster, totalResources: resources }, ctx);
    const arn = containerInstance!.containerInstanceArn!;
    await startTask({ cluster, taskDefinition: 'job', containerInstances: [arn] }, ctx);
    await deregisterContainerInstance({ cluster, containerInstance: arn, force: true }, ctx);
    // The agent restarts and re-registers with its saved ARN: refused, it must register as a new instance.
    const again = registerContainerInstance({ cluster, containerInstanceArn: arn, totalResources: resources }, ctx);
    await expect(again).rejects.toBeInstanceOf(EcsError);
    await expect(again).rejects.toMatchObject({ code: 'InvalidParameterException' });
    expect((await ctx.instances.get(cluster, arn.split('/').pop()!))!.status).toBe('INACTIVE');
    await expectConsistentAccounting(ctx, cluster);
    await reconcileClusterPass(ctx, cluster); // its task is declared lost, its reservation released
    await expectConsistentAccounting(ctx, cluster);
  });
});

describe('a host that died holding nothing', () => {
  it('costs a steady pass no read beyond the instances and services: nothing of it needs moving', async () => {
    const live = await registerContainerInstance({ cluster, totalResources: resources }, ctx);
    await registerContainerInstance({ cluster, totalResources: resources }, ctx); // its agent never polls: lost soon
    await createService({ cluster, serviceName: 'steady', taskDefinition: 'job', desiredCount: 1 }, ctx);
    const arn = live.containerInstance!.containerInstanceArn!;
    const deps = agentPollDeps(ctx);
    for (let round = 0; round < 4; round++) {
      clock.t += 30_000; // past the lost-agent timeout for the silent one; the live agent reports on time
      await playAgentPoll(ctx, cluster, arn, deps);
      clock.t += 1; // the pass a report triggers starts after it: a mark in the pass's own millisecond is looked at again
      await reconcileClusterPass(ctx, cluster);
    }
    const commands: string[] = [];
    const counted = buildAppContext(config, {
      clock,
      instrument: (db) =>
        db.middlewareStack.add(
          (next, context) => async (args) => {
            commands.push(context.commandName ?? '?');
            return next(args);
          },
          { step: 'initialize', name: 'count' },
        ),
    });
    clock.t += 1000;
    await reconcileClusterPass(counted, cluster);
    // The tasks waiting in PROVISIONING (none), the instances, the services.
    expect(commands).toEqual(['QueryCommand', 'QueryCommand', 'QueryCommand']);
  });
});

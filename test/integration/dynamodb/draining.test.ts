/**
 * Bug 1: draining an instance that runs a service task. The pass starts a
 * replacement elsewhere; while the replacement is still starting, later
 * passes must neither stop it nor start another ("started 1 / stopped 1"
 * every pass, the drained task never moving); once it runs, the drained task
 * is stopped (ECS: replaced within minimumHealthyPercent / maximumPercent).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AgentPollDeps } from '../../../src/app/agent-calls/agent-poll.js';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import type { AppContext } from '../../../src/app/context.js';
import { registerContainerInstance } from '../../../src/app/container-instances/register-container-instance.js';
import { updateContainerInstancesState } from '../../../src/app/container-instances/update-container-instances-state.js';
import { reconcileClusterPass } from '../../../src/app/reconcile/run-reconcile.js';
import { createService } from '../../../src/app/services/create-service.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { expectConsistentAccounting } from '../../support/cluster-invariants.js';
import { agentPollDeps, playAgentPoll } from '../../support/agent-poll.js';
import { freshTable } from '../../support/table.js';

const cluster = 'drain';
let ctx: AppContext;
const clock = { t: Date.UTC(2026, 0, 1), now: () => clock.t };
const resources = [
  { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
  { name: 'MEMORY', type: 'INTEGER', integerValue: 1024 },
];
let a: string;
let b: string;

beforeAll(async () => {
  ctx = buildAppContext(await freshTable(), { clock });
  deps = agentPollDeps(ctx);
  await createCluster({ clusterName: cluster }, ctx);
  await registerTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'w', image: 'x', cpu: 256, memory: 256 }] }, ctx);
  a = (await registerContainerInstance({ cluster, totalResources: resources }, ctx)).containerInstance!.containerInstanceArn!;
});

let deps: AgentPollDeps;

/** One agent poll: tasks it is told to run reach `started` (PENDING while its image is still pulling), stopped ones stop. */
const agent = (arn: string, started: 'PENDING' | 'RUNNING') => playAgentPoll(ctx, cluster, arn, deps, { started });

async function pass() {
  clock.t += 1000;
  return reconcileClusterPass(ctx, cluster);
}

const liveOn = async (arn: string) => (await ctx.tasks.liveOnInstance(cluster, arn.split('/').pop()!)).map((k) => k.task.taskId);

describe('draining an instance that runs a service task', () => {
  it('starts one replacement, waits for it to run, then stops the drained task: no start/stop loop', async () => {
    await createService({ cluster, serviceName: 'web', taskDefinition: 'web', desiredCount: 1 }, ctx);
    await pass();
    await agent(a, 'RUNNING');
    const [original] = await liveOn(a);
    expect(original).toBeDefined();

    b = (await registerContainerInstance({ cluster, totalResources: resources }, ctx)).containerInstance!.containerInstanceArn!;
    await updateContainerInstancesState({ cluster, containerInstances: [a], status: 'DRAINING' }, ctx);
    expect(await pass()).toMatchObject({ placed: 1, stopped: 0 });
    const [replacement] = await liveOn(b);

    // The replacement is still starting (a slow image pull): passes wait, they neither stop it nor start another.
    for (let i = 0; i < 4; i++) {
      await agent(a, 'RUNNING');
      await agent(b, 'PENDING');
      expect(await pass()).toMatchObject({ placed: 0, stopped: 0 });
    }
    expect(await liveOn(b)).toEqual([replacement]);
    expect(await liveOn(a)).toEqual([original]);

    await agent(b, 'RUNNING');
    expect(await pass()).toMatchObject({ placed: 0, stopped: 1 });
    await agent(a, 'RUNNING'); // told to stop: reports STOPPED
    await pass();
    expect(await liveOn(a)).toEqual([]);
    expect(await liveOn(b)).toEqual([replacement]);
    const { record } = (await ctx.services.listAll(cluster))[0]!;
    expect(record).toMatchObject({ runningCount: 1, pendingCount: 0 });
    const messages = record.events.map((e) => e.message);
    expect(messages.filter((m) => m.includes('has started'))).toHaveLength(2); // the first task and its one replacement
    expect(messages.filter((m) => m.includes('has stopped'))).toEqual([`(service web) has stopped 1 running tasks: (task ${original}).`]);
    await expectConsistentAccounting(ctx, cluster);
  });
});

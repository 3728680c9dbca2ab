/**
 * A DAEMON service follows its instances' attributes both ways: PutAttributes
 * that makes an instance match the service's memberOf constraint gives it a
 * task, DeleteAttributes that makes it stop matching takes the task away
 * (ECS: SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED, the task is stopped).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AgentPollDeps } from '../../../src/app/agent-calls/agent-poll.js';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import type { AppContext } from '../../../src/app/context.js';
import { deleteAttributes, putAttributes } from '../../../src/app/container-instances/attribute-operations.js';
import { registerContainerInstance } from '../../../src/app/container-instances/register-container-instance.js';
import { reconcileClusterPass } from '../../../src/app/reconcile/run-reconcile.js';
import { createService } from '../../../src/app/services/create-service.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { agentPollDeps, playAgentPoll } from '../../support/agent-poll.js';
import { freshTable } from '../../support/table.js';

const cluster = 'daemon-attributes';
let ctx: AppContext;
let deps: AgentPollDeps;
const clock = { t: Date.UTC(2026, 0, 1), now: () => clock.t };
const resources = [
  { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
  { name: 'MEMORY', type: 'INTEGER', integerValue: 1024 },
];

beforeAll(async () => {
  ctx = buildAppContext(await freshTable(), { clock });
  deps = agentPollDeps(ctx);
  await createCluster({ clusterName: cluster }, ctx);
  await registerTaskDefinition({ family: 'collector', containerDefinitions: [{ name: 'c', image: 'x', cpu: 64, memory: 64 }] }, ctx);
});

async function settle(arns: string[]) {
  for (let i = 0; i < 3; i++) {
    clock.t += 1000;
    await reconcileClusterPass(ctx, cluster);
    for (const arn of arns) await playAgentPoll(ctx, cluster, arn, deps);
  }
}

const liveOn = async (arn: string) => (await ctx.tasks.liveOnInstance(cluster, arn.split('/').pop()!)).length;

describe('a DAEMON service with a memberOf constraint on an attribute', () => {
  it('gives an instance a task when PutAttributes makes it match, and takes it away when DeleteAttributes makes it stop matching', async () => {
    const register = async (role?: string) =>
      (
        await registerContainerInstance(
          { cluster, totalResources: resources, attributes: role ? [{ name: 'role', value: role }] : [] },
          ctx,
        )
      ).containerInstance!.containerInstanceArn!;
    const a = await register('collector');
    const b = await register();
    await createService(
      {
        cluster,
        serviceName: 'collector',
        taskDefinition: 'collector',
        schedulingStrategy: 'DAEMON',
        placementConstraints: [{ type: 'memberOf', expression: 'attribute:role == collector' }],
      },
      ctx,
    );
    await settle([a, b]);
    expect([await liveOn(a), await liveOn(b)]).toEqual([1, 0]);

    await putAttributes({ cluster, attributes: [{ name: 'role', value: 'collector', targetId: b }] }, ctx);
    await settle([a, b]);
    expect([await liveOn(a), await liveOn(b)]).toEqual([1, 1]);

    await deleteAttributes({ cluster, attributes: [{ name: 'role', targetId: a }] }, ctx);
    await settle([a, b]);
    expect([await liveOn(a), await liveOn(b)]).toEqual([0, 1]);
    const service = (await ctx.services.get(cluster, 'collector'))!;
    expect(service.record.desiredCount).toBe(1);
  });
});

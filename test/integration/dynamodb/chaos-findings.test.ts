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
import { freshTable } from '../../support/table.js';

const cluster = 'findings';
let ctx: AppContext;
const resources = [
  { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
  { name: 'MEMORY', type: 'INTEGER', integerValue: 1024 },
];

beforeAll(async () => {
  ctx = buildAppContext(await freshTable());
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

/**
 * Bug 2: a reconcile pass bounded by the Lambda's remaining time. Out of time,
 * it commits no further plan and returns; what it did not reach is taken up
 * by the next pass, and the stored state is consistent at every point.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import type { AppContext } from '../../../src/app/context.js';
import { registerContainerInstance } from '../../../src/app/container-instances/register-container-instance.js';
import { reconcileClusterPass } from '../../../src/app/reconcile/run-reconcile.js';
import { createService } from '../../../src/app/services/create-service.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { expectConsistentAccounting } from '../../support/cluster-invariants.js';
import { freshTable } from '../../support/table.js';

const cluster = 'budget';
let ctx: AppContext;
const resources = [
  { name: 'CPU', type: 'INTEGER', integerValue: 4096 },
  { name: 'MEMORY', type: 'INTEGER', integerValue: 4096 },
];

beforeAll(async () => {
  ctx = buildAppContext(await freshTable());
  await createCluster({ clusterName: cluster }, ctx);
  await registerTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'w', image: 'x', cpu: 64, memory: 64 }] }, ctx);
  await registerContainerInstance({ cluster, totalResources: resources }, ctx);
  for (const name of ['a', 'b', 'c']) await createService({ cluster, serviceName: name, taskDefinition: 'web', desiredCount: 2 }, ctx);
});

const placedPerService = async () => {
  const out: Record<string, number> = {};
  for (const { record } of await ctx.services.listAll(cluster)) out[record.serviceName] = record.pendingCount + record.runningCount;
  return out;
};

describe('a reconcile pass that runs out of time', () => {
  it('commits no plan after its budget is spent and leaves the rest to the next pass', async () => {
    // Budget for the pass's first check and one service's commit, then spent.
    let checks = 0;
    const first = await reconcileClusterPass(ctx, cluster, undefined, () => (++checks <= 2 ? 1 : 0));
    expect(first).toMatchObject({ deferred: true, servicesReconciled: 1, placed: 2 });
    expect(Object.values(await placedPerService()).sort()).toEqual([0, 0, 2]);
    await expectConsistentAccounting(ctx, cluster);

    const next = await reconcileClusterPass(ctx, cluster);
    expect(next).toMatchObject({ deferred: false, placed: 4 }); // the 4 the first pass did not reach
    expect(await placedPerService()).toEqual({ a: 2, b: 2, c: 2 });
    await expectConsistentAccounting(ctx, cluster);
  });

  it('with no time left at all reads and writes nothing', async () => {
    const out = await reconcileClusterPass(ctx, cluster, undefined, () => 0);
    expect(out).toMatchObject({ deferred: true, servicesSeen: 0, servicesReconciled: 0 });
  });
});

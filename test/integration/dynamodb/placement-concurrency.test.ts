import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/app/context.js';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import { registerContainerInstance } from '../../../src/app/container-instances/register-container-instance.js';
import { reconcileClusterPass } from '../../../src/app/reconcile/run-reconcile.js';
import { createService } from '../../../src/app/services/create-service.js';
import { updateService } from '../../../src/app/services/update-service.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import { runTask } from '../../../src/app/tasks/run-task.js';
import { stopTask } from '../../../src/app/tasks/stop-task.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { expectConsistentAccounting } from '../../support/cluster-invariants.js';
import { freshTable } from '../../support/table.js';

let ctx: AppContext;
const cluster = 'race';

beforeAll(async () => {
  ctx = buildAppContext(await freshTable());
  await createCluster({ clusterName: cluster }, ctx);
  for (let i = 0; i < 5; i++) {
    await registerContainerInstance(
      {
        cluster,
        totalResources: [
          { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
          { name: 'MEMORY', type: 'INTEGER', integerValue: 2048 },
        ],
        attributes: [{ name: 'ecs.availability-zone', value: `us-east-1${'abc'[i % 3]}` }],
      },
      ctx,
    );
  }
  await registerTaskDefinition(
    { family: 'dyn', containerDefinitions: [{ name: 'a', image: 'x', cpu: 256, memory: 256, portMappings: [{ containerPort: 80 }] }] },
    ctx,
  );
  await registerTaskDefinition(
    {
      family: 'static',
      containerDefinitions: [{ name: 'a', image: 'x', cpu: 128, memory: 512, portMappings: [{ containerPort: 80, hostPort: 8080 }] }],
    },
    ctx,
  );
});

describe('parallel reconcilers and RunTask calls', () => {
  it('never overcommit CPU or memory, never double-book a port, never over-place a service', async () => {
    await createService({ cluster, serviceName: 'dyn-svc', taskDefinition: 'dyn', desiredCount: 9 }, ctx);
    await createService({ cluster, serviceName: 'static-svc', taskDefinition: 'static', desiredCount: 4 }, ctx);
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 6; i++) work.push(reconcileClusterPass(ctx, cluster));
    for (let i = 0; i < 8; i++) work.push(runTask({ cluster, taskDefinition: i % 2 ? 'dyn' : 'static', count: 3 }, ctx));
    const results = await Promise.allSettled(work);
    for (const r of results) if (r.status === 'rejected') throw r.reason;
    await expectConsistentAccounting(ctx, cluster);

    // Static port 8080: at most one task per instance, whoever placed it.
    const live = (await Promise.all((await ctx.instances.listAll(cluster)).map((i) => ctx.tasks.liveOnInstance(cluster, i.id))))
      .flat()
      .map((v) => v.task);
    const byInstance = new Map<string, number>();
    for (const t of live.filter((t) => t.family === 'static'))
      byInstance.set(t.containerInstanceId!, (byInstance.get(t.containerInstanceId!) ?? 0) + 1);
    for (const n of byInstance.values()) expect(n).toBe(1);
    // Parallel passes never put more tasks in a service than it asks for.
    expect(live.filter((t) => t.serviceName === 'dyn-svc').length).toBeLessThanOrEqual(9);
    expect(live.filter((t) => t.serviceName === 'static-svc').length).toBeLessThanOrEqual(4);
  });

  it('keeps the accounting exact while tasks stop and services scale in parallel', async () => {
    const live = (await Promise.all((await ctx.instances.listAll(cluster)).map((i) => ctx.tasks.liveOnInstance(cluster, i.id))))
      .flat()
      .map((v) => v.task);
    const standalone = live.filter((t) => !t.serviceName).slice(0, 6);
    await Promise.all([
      ...standalone.map((t) => stopTask({ cluster, task: t.taskArn }, ctx)),
      updateService({ cluster, service: 'dyn-svc', desiredCount: 3 }, ctx),
      reconcileClusterPass(ctx, cluster),
      reconcileClusterPass(ctx, cluster),
      runTask({ cluster, taskDefinition: 'dyn', count: 2 }, ctx),
    ]);
    await reconcileClusterPass(ctx, cluster);
    await expectConsistentAccounting(ctx, cluster);
  });
});

describe('cluster counts', () => {
  it('match the live tasks and services, from the instances and service items alone', async () => {
    const counts = await ctx.clusters.counts(cluster);
    const live = (await Promise.all((await ctx.instances.listAll(cluster)).map((i) => ctx.tasks.liveOnInstance(cluster, i.id))))
      .flat()
      .map((v) => v.task);
    expect(counts.registeredContainerInstancesCount).toBe(5);
    expect(counts.activeServicesCount).toBe(2);
    expect(counts.runningTasksCount + counts.pendingTasksCount).toBe(live.length);
    expect(counts.pendingTasksCount).toBe(live.filter((t) => t.lastStatus === 'PENDING').length);
  });
});

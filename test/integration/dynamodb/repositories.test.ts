import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/app/context.js';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import { deleteCluster } from '../../../src/app/clusters/delete-cluster.js';
import { listTaskDefinitionFamilies } from '../../../src/app/task-definitions/list-task-definitions.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import { deregisterTaskDefinition } from '../../../src/app/task-definitions/deregister-task-definition.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { freshTable } from '../../support/table.js';

let ctx: AppContext;
beforeAll(async () => {
  ctx = buildAppContext(await freshTable());
});

const td = (family: string) => ({ family, containerDefinitions: [{ name: 'a', image: 'busybox', memory: 32 }] });

describe('DynamoDB repositories under concurrency', () => {
  it('gives 40 concurrent registrations of one family consecutive unique revisions', async () => {
    const out = await Promise.all(Array.from({ length: 40 }, () => registerTaskDefinition(td('busy'), ctx)));
    expect(out.map((o) => o.taskDefinition!.revision!).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('keeps family status right while registrations and deregistrations interleave', async () => {
    await registerTaskDefinition(td('mixed'), ctx);
    await Promise.all([
      deregisterTaskDefinition({ taskDefinition: 'mixed:1' }, ctx),
      ...Array.from({ length: 5 }, () => registerTaskDefinition(td('mixed'), ctx)),
    ]);
    await Promise.all([2, 3, 4, 5, 6].map((r) => deregisterTaskDefinition({ taskDefinition: `mixed:${r}` }, ctx)));
    // Deregistering twice changes nothing.
    await deregisterTaskDefinition({ taskDefinition: 'mixed:6' }, ctx);
    expect((await listTaskDefinitionFamilies({ familyPrefix: 'mixed', status: 'INACTIVE' }, ctx)).families).toEqual(['mixed']);
    await registerTaskDefinition(td('mixed'), ctx);
    expect((await listTaskDefinitionFamilies({ familyPrefix: 'mixed', status: 'ACTIVE' }, ctx)).families).toEqual(['mixed']);
  });

  it('creates a cluster once however many create it at the same time', async () => {
    const out = await Promise.all(
      Array.from({ length: 10 }, (_, i) => createCluster({ clusterName: 'same', tags: [{ key: 'i', value: String(i) }] }, ctx)),
    );
    const winners = new Set(out.map((o) => o.cluster!.tags![0].value));
    // Every caller sees the one cluster that won, with the winner's tags.
    expect([...winners]).toHaveLength(1);
    expect((await ctx.clusters.listNames({ limit: 100 })).items.filter((n) => n === 'same')).toHaveLength(1);
  });

  it('deletes a cluster exactly once under concurrent DeleteCluster calls', async () => {
    await createCluster({ clusterName: 'doomed' }, ctx);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => deleteCluster({ cluster: 'doomed' }, ctx)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason.code).toBe('ClusterNotFoundException');
    expect((await ctx.clusters.get('doomed'))?.status).toBe('INACTIVE');
  });
});

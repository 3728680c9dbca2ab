/**
 * The use cases of src/app whose logic lives as much in the repositories'
 * conditional writes and queries as in the use case itself, on DynamoDB
 * Local: clientToken idempotency of RunTask and CreateService (plain
 * retries, other parameters, concurrent callers, a name someone else holds)
 * and the nextToken/maxResults paging of every List* operation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import { listClusters } from '../../../src/app/clusters/list-clusters.js';
import type { AppContext } from '../../../src/app/context.js';
import { listContainerInstances } from '../../../src/app/container-instances/list-container-instances.js';
import { createService } from '../../../src/app/services/create-service.js';
import { describeServices, listServices } from '../../../src/app/services/describe-services.js';
import { listTaskDefinitionFamilies, listTaskDefinitions } from '../../../src/app/task-definitions/list-task-definitions.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import { listTasks } from '../../../src/app/tasks/list-tasks.js';
import { runTask } from '../../../src/app/tasks/run-task.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { registerInstances } from '../../support/instances.js';
import { freshTable } from '../../support/table.js';

const cluster = 'paths';
let ctx: AppContext;

beforeAll(async () => {
  ctx = buildAppContext(await freshTable());
  await createCluster({ clusterName: cluster }, ctx);
  await registerInstances(ctx, cluster, 5, { cpu: 4096, memory: 4096 });
  await registerTaskDefinition({ family: 'app', containerDefinitions: [{ name: 'a', image: 'x', cpu: 16, memory: 16 }] }, ctx);
});

const allTasks = async (startedBy: string) =>
  (await listTasks({ cluster, startedBy, maxResults: 100 }, ctx)).taskArns!.slice().sort((a, b) => a.localeCompare(b));
const arnsOf = (out: { tasks?: { taskArn?: string }[] }) => out.tasks!.map((t) => t.taskArn!);

describe('RunTask clientToken', () => {
  const request = (clientToken: string, extra: object = {}) => ({
    cluster,
    taskDefinition: 'app',
    count: 2,
    clientToken,
    startedBy: clientToken,
    ...extra,
  });

  it('a retry answers the same tasks, in the same order, and launches nothing', async () => {
    const first = await runTask(request('rt-retry'), ctx);
    expect(first.tasks).toHaveLength(2);
    const again = await runTask(request('rt-retry'), ctx);
    expect(arnsOf(again)).toEqual(arnsOf(first));
    expect(await allTasks('rt-retry')).toEqual(arnsOf(first).sort((a, b) => a.localeCompare(b)));
  });

  it('the token with other parameters is refused and launches nothing', async () => {
    const first = await runTask(request('rt-other'), ctx);
    await expect(runTask(request('rt-other', { count: 3 }), ctx)).rejects.toMatchObject({ code: 'ConflictException' });
    await expect(runTask(request('rt-other', { group: 'g' }), ctx)).rejects.toMatchObject({ code: 'ConflictException' });
    expect(await allTasks('rt-other')).toHaveLength(2);
    expect(arnsOf(await runTask(request('rt-other'), ctx))).toEqual(arnsOf(first));
  });

  it('callers racing with one token all get the one set of tasks', async () => {
    const out = await Promise.all(Array.from({ length: 6 }, () => runTask(request('rt-race'), ctx)));
    const sets = new Set(out.map((o) => JSON.stringify(arnsOf(o))));
    expect(sets.size).toBe(1);
    expect(await allTasks('rt-race')).toHaveLength(2);
  });

  it('without a token every call launches', async () => {
    await runTask({ cluster, taskDefinition: 'app', startedBy: 'no-token' }, ctx);
    await runTask({ cluster, taskDefinition: 'app', startedBy: 'no-token' }, ctx);
    expect(await allTasks('no-token')).toHaveLength(2);
  });
});

describe('CreateService clientToken', () => {
  const input = (serviceName: string, clientToken?: string, desiredCount = 1) => ({
    cluster,
    serviceName,
    taskDefinition: 'app',
    desiredCount,
    ...(clientToken ? { clientToken } : {}),
  });

  it('a retry with the token answers the service it created; one service exists', async () => {
    const first = await createService(input('svc-a', 'tok-a'), ctx);
    const again = await createService(input('svc-a', 'tok-a'), ctx);
    expect(again.service).toMatchObject({ serviceArn: first.service.serviceArn, createdAt: first.service.createdAt });
    expect(again.service.deployments!.map((d) => d.id)).toEqual(first.service.deployments!.map((d) => d.id));
  });

  it('the token with other parameters is refused and changes nothing', async () => {
    const first = await createService(input('svc-b', 'tok-b', 1), ctx);
    await expect(createService(input('svc-b', 'tok-b', 4), ctx)).rejects.toMatchObject({
      code: 'InvalidParameterException',
      message: 'Creation of service was not idempotent.',
    });
    const stored = (await describeServices({ cluster, services: ['svc-b'] }, ctx)).services![0]!;
    expect(stored).toMatchObject({ desiredCount: 1, createdAt: first.service.createdAt });
  });

  it('without a token, or with another token, an existing name is refused; the other token stays free', async () => {
    await createService(input('svc-c', 'tok-c'), ctx);
    await expect(createService(input('svc-c'), ctx)).rejects.toMatchObject({ code: 'InvalidParameterException' });
    await expect(createService(input('svc-c', 'tok-d'), ctx)).rejects.toMatchObject({
      message: 'Creation of service was not idempotent.',
    });
    // The refused call released its claim: the token still serves a request of its own.
    expect((await createService(input('svc-d', 'tok-d'), ctx)).service.serviceName).toBe('svc-d');
  });

  it('callers racing with one token all get the one service', async () => {
    const out = await Promise.all(Array.from({ length: 6 }, () => createService(input('svc-race', 'tok-race'), ctx)));
    expect(new Set(out.map((o) => `${o.service.serviceArn} ${o.service.createdAt}`)).size).toBe(1);
  });
});

/** Every page of a List* call at `maxResults`, checking each page's size and that only the last has no nextToken. */
async function pages(list: (page: { maxResults: number; nextToken?: string }) => Promise<{ items: string[]; nextToken?: string }>) {
  const out: string[][] = [];
  let nextToken: string | undefined;
  do {
    const page = await list({ maxResults: 2, nextToken });
    expect(page.items.length).toBeLessThanOrEqual(2);
    out.push(page.items);
    nextToken = page.nextToken;
    expect(out.length, 'pages').toBeLessThan(50);
  } while (nextToken);
  return out;
}

describe('paging of the List* operations', () => {
  beforeAll(async () => {
    for (const name of ['pg-1', 'pg-2', 'pg-3', 'pg-4', 'pg-5']) await createCluster({ clusterName: name }, ctx);
    for (const family of ['pg-a', 'pg-b', 'pg-c'])
      for (let r = 0; r < 3; r++)
        await registerTaskDefinition({ family, containerDefinitions: [{ name: 'a', image: 'x', memory: 16 }] }, ctx);
    await runTask({ cluster, taskDefinition: 'app', count: 5, startedBy: 'paged' }, ctx);
  });

  it('ListClusters: every cluster once, across pages, none after the last', async () => {
    const all = (await listClusters({}, ctx)).clusterArns!;
    const paged = await pages(async (p) => {
      const out = await listClusters(p, ctx);
      return { items: out.clusterArns!, nextToken: out.nextToken };
    });
    expect(paged.flat()).toEqual(all);
    // A fresh table: this file's clusters and nothing else.
    expect(all.map((a) => a.split('/')[1]).sort()).toEqual(['paths', 'pg-1', 'pg-2', 'pg-3', 'pg-4', 'pg-5']);
  });

  it('ListTaskDefinitions ascending and descending, of one family (ECS: familyPrefix is the full family) or all; ListTaskDefinitionFamilies', async () => {
    const revisions = (sort: 'ASC' | 'DESC', familyPrefix?: string) =>
      pages(async (p) => {
        const out = await listTaskDefinitions({ sort, ...(familyPrefix ? { familyPrefix } : {}), ...p }, ctx);
        return { items: out.taskDefinitionArns!.map((a) => a.split('/')[1]!), nextToken: out.nextToken };
      });
    expect(await revisions('ASC', 'pg-b')).toEqual([['pg-b:1', 'pg-b:2'], ['pg-b:3']]);
    expect(await revisions('DESC', 'pg-b')).toEqual([['pg-b:3', 'pg-b:2'], ['pg-b:1']]);
    const every = ['app:1', ...['pg-a', 'pg-b', 'pg-c'].flatMap((f) => [1, 2, 3].map((r) => `${f}:${r}`))];
    expect((await revisions('ASC')).flat()).toEqual(every);
    expect((await revisions('DESC')).flat()).toEqual(every.slice().reverse());
    const families = await pages(async (p) => {
      const out = await listTaskDefinitionFamilies({ familyPrefix: 'pg-', ...p }, ctx);
      return { items: out.families!, nextToken: out.nextToken };
    });
    expect(families).toEqual([['pg-a', 'pg-b'], ['pg-c']]);
  });

  it('ListTasks and ListContainerInstances of a cluster', async () => {
    const tasks = await pages(async (p) => {
      const out = await listTasks({ cluster, startedBy: 'paged', ...p }, ctx);
      return { items: out.taskArns!, nextToken: out.nextToken };
    });
    expect(tasks.flat().sort()).toEqual(await allTasks('paged'));
    expect(new Set(tasks.flat()).size).toBe(5);
    const instances = await pages(async (p) => {
      const out = await listContainerInstances({ cluster, ...p }, ctx);
      return { items: out.containerInstanceArns!, nextToken: out.nextToken };
    });
    expect(instances.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(instances.flat()).toEqual((await listContainerInstances({ cluster }, ctx)).containerInstanceArns);
  });

  it('ListServices: 10 a page unless asked, every service once', async () => {
    for (let i = 0; i < 11; i++) await createService({ cluster, serviceName: `pg-svc-${i}`, taskDefinition: 'app', desiredCount: 0 }, ctx);
    const first = await listServices({ cluster }, ctx);
    expect(first.serviceArns).toHaveLength(10);
    expect(first.nextToken).toBeDefined();
    const paged = await pages(async (p) => {
      const out = await listServices({ cluster, ...p }, ctx);
      return { items: out.serviceArns!, nextToken: out.nextToken };
    });
    const all = (await listServices({ cluster, maxResults: 100 }, ctx)).serviceArns!;
    expect(paged.flat()).toEqual(all);
    expect(all.filter((a) => a.includes('/pg-svc-'))).toHaveLength(11);
  });

  it('maxResults outside 1..100 and a nextToken Berth did not issue are InvalidParameterException', async () => {
    const calls = [
      (extra: object) => listClusters(extra, ctx),
      (extra: object) => listTasks({ cluster, ...extra }, ctx),
      (extra: object) => listServices({ cluster, ...extra }, ctx),
      (extra: object) => listTaskDefinitions(extra, ctx),
      (extra: object) => listTaskDefinitionFamilies(extra, ctx),
      (extra: object) => listContainerInstances({ cluster, ...extra }, ctx),
    ];
    for (const [i, call] of calls.entries()) {
      await expect(call({ maxResults: 0 }), `call ${i}`).rejects.toMatchObject({ code: 'InvalidParameterException' });
      await expect(call({ maxResults: 101 }), `call ${i}`).rejects.toMatchObject({ code: 'InvalidParameterException' });
      await expect(call({ nextToken: 'not-a-token' }), `call ${i}`).rejects.toMatchObject({ code: 'InvalidParameterException' });
    }
  });
});

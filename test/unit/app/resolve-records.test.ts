/**
 * Resolve-by-name-or-ARN in the use cases that look the record up: which
 * repository call a name, an ARN or a family:revision becomes, and which
 * ECS error answers what is not there. The repositories are in-memory fakes
 * of their ports that record every lookup (a reference to another cluster
 * must be refused without one).
 */
import { describe, expect, it } from 'vitest';
import { requireActiveCluster } from '../../../src/app/clusters/resolve-cluster.js';
import type { AppContext } from '../../../src/app/context.js';
import { describeContainerInstances } from '../../../src/app/container-instances/describe-container-instances.js';
import { requireService } from '../../../src/app/services/resolve-service.js';
import { findTaskDefinition, requireTaskDefinition } from '../../../src/app/task-definitions/resolve-task-definition.js';
import { describeTasks } from '../../../src/app/tasks/describe-tasks.js';
import type { ClusterRecord } from '../../../src/domain/cluster.js';
import type { ServiceRecord } from '../../../src/domain/service.js';
import { buildTaskDefinition, type TaskDefinitionRecord, type TaskDefinitionStatus } from '../../../src/domain/task-definition.js';
import { instanceRecord, taskRecord, TEST_ARN_PREFIX } from '../../support/records.js';

const ACCOUNT = TEST_ARN_PREFIX;
const arnContext = { region: 'us-east-1', accountId: '000000000000' };

const cluster = (name: string, status: ClusterRecord['status'] = 'ACTIVE') =>
  ({ clusterName: name, clusterArn: `${ACCOUNT}:cluster/${name}`, status, capacityProviders: [] }) as unknown as ClusterRecord;

const definition = (family: string, revision: number, status: TaskDefinitionStatus): TaskDefinitionRecord => ({
  ...buildTaskDefinition(
    { family, containerDefinitions: [{ name: 'a', image: 'busybox', memory: 32 }] },
    revision,
    `${ACCOUNT}:task-definition/${family}:${revision}`,
    0,
    'me',
  ),
  status,
});

const task = (cluster: string, id: string) => taskRecord(cluster, id, { lastStatus: 'RUNNING' });
const instance = instanceRecord;

/** The ports these use cases touch, in memory, each lookup recorded as "method(args)". */
function context() {
  const lookups: string[] = [];
  const clusters = new Map([
    ['default', cluster('default')],
    ['prod', cluster('prod')],
    ['gone', cluster('gone', 'INACTIVE')],
  ]);
  const definitions = [definition('web', 1, 'INACTIVE'), definition('web', 2, 'ACTIVE'), definition('web', 3, 'DELETE_IN_PROGRESS')];
  const services = new Map([['prod/api', { serviceName: 'api', clusterName: 'prod' } as ServiceRecord]]);
  const tasks = [task('prod', 't1'), task('prod', 't2'), task('other', 't3')];
  const instances = [instance('prod', 'i1'), instance('other', 'i2')];
  const pick = <R>(records: R[], id: (r: R) => string, clusterName: string, ids: string[], cl: (r: R) => string) =>
    new Map(records.filter((r) => cl(r) === clusterName && ids.includes(id(r))).map((r) => [id(r), r]));
  const ctx = {
    arn: arnContext,
    clock: { now: () => 0 },
    settings: { agentTimeoutMs: 30_000 },
    clusters: {
      get: async (name: string) => (lookups.push(`clusters.get(${name})`), clusters.get(name)),
    },
    taskDefinitions: {
      get: async (family: string, revision: number) => (
        lookups.push(`taskDefinitions.get(${family},${revision})`),
        definitions.find((d) => d.family === family && d.revision === revision)
      ),
      // The port's contract: the highest ACTIVE revision.
      latestActive: async (family: string) => (
        lookups.push(`taskDefinitions.latestActive(${family})`),
        definitions.filter((d) => d.family === family && d.status === 'ACTIVE').at(-1)
      ),
    },
    services: {
      get: async (clusterName: string, name: string) => {
        lookups.push(`services.get(${clusterName},${name})`);
        const record = services.get(`${clusterName}/${name}`);
        return record ? { record, version: 1 } : undefined;
      },
    },
    tasks: {
      getMany: async (clusterName: string, ids: string[]) => (
        lookups.push(`tasks.getMany(${clusterName},${ids.join(' ')})`),
        pick(
          tasks,
          (t) => t.taskId,
          clusterName,
          ids,
          (t) => t.clusterName,
        )
      ),
    },
    instances: {
      getMany: async (clusterName: string, ids: string[]) => (
        lookups.push(`instances.getMany(${clusterName},${ids.join(' ')})`),
        pick(
          instances,
          (i) => i.id,
          clusterName,
          ids,
          (i) => i.clusterName,
        )
      ),
    },
  } as unknown as AppContext;
  return { ctx, lookups };
}

describe('clusters', () => {
  it('a name, an ARN, or nothing (default); an INACTIVE or unknown cluster is ClusterNotFoundException', async () => {
    const { ctx, lookups } = context();
    expect((await requireActiveCluster(ctx, 'prod')).clusterName).toBe('prod');
    expect((await requireActiveCluster(ctx, `${ACCOUNT}:cluster/prod`)).clusterName).toBe('prod');
    expect((await requireActiveCluster(ctx, undefined)).clusterName).toBe('default');
    await expect(requireActiveCluster(ctx, 'gone')).rejects.toMatchObject({ code: 'ClusterNotFoundException' });
    await expect(requireActiveCluster(ctx, 'nope')).rejects.toMatchObject({ code: 'ClusterNotFoundException' });
    expect(lookups).toEqual(['prod', 'prod', 'default', 'gone', 'nope'].map((n) => `clusters.get(${n})`));
    // Not a cluster ARN: refused before any lookup.
    await expect(requireActiveCluster(ctx, `${ACCOUNT}:service/prod/api`)).rejects.toMatchObject({ code: 'InvalidParameterException' });
    expect(lookups).toHaveLength(5);
  });
});

describe('task definitions', () => {
  it('a bare family is its latest ACTIVE revision; family:revision and an ARN name one revision, INACTIVE ones included', async () => {
    const { ctx, lookups } = context();
    expect(await findTaskDefinition(ctx, 'web')).toMatchObject({ revision: 2, status: 'ACTIVE' });
    expect(await findTaskDefinition(ctx, 'web:1')).toMatchObject({ revision: 1, status: 'INACTIVE' });
    expect(await findTaskDefinition(ctx, `${ACCOUNT}:task-definition/web:2`)).toMatchObject({ revision: 2 });
    expect(lookups).toEqual(['taskDefinitions.latestActive(web)', 'taskDefinitions.get(web,1)', 'taskDefinitions.get(web,2)']);
  });

  it('a revision being deleted, or one that does not exist, is "Unable to describe task definition."', async () => {
    const { ctx } = context();
    expect(await findTaskDefinition(ctx, 'web:3')).toBeUndefined();
    await expect(requireTaskDefinition(ctx, 'web:3')).rejects.toMatchObject({
      code: 'ClientException',
      message: 'Unable to describe task definition.',
    });
    await expect(requireTaskDefinition(ctx, 'web:9')).rejects.toMatchObject({ code: 'ClientException' });
    await expect(requireTaskDefinition(ctx, 'db')).rejects.toMatchObject({ code: 'ClientException' });
  });
});

describe('services', () => {
  it('a name or an ARN of this cluster; an ARN of another cluster is ServiceNotFoundException without a lookup', async () => {
    const { ctx, lookups } = context();
    expect((await requireService(ctx, 'prod', 'api')).record.serviceName).toBe('api');
    expect((await requireService(ctx, 'prod', `${ACCOUNT}:service/prod/api`)).record.serviceName).toBe('api');
    expect((await requireService(ctx, 'prod', `${ACCOUNT}:service/api`)).record.serviceName).toBe('api'); // old ARN format
    expect(lookups).toEqual(['services.get(prod,api)', 'services.get(prod,api)', 'services.get(prod,api)']);
    await expect(requireService(ctx, 'prod', `${ACCOUNT}:service/other/api`)).rejects.toMatchObject({ code: 'ServiceNotFoundException' });
    expect(lookups).toHaveLength(3);
    await expect(requireService(ctx, 'prod', 'web')).rejects.toMatchObject({ code: 'ServiceNotFoundException' });
  });
});

describe('tasks and container instances (Describe*)', () => {
  it('ids and ARNs of this cluster are fetched in one batch; the rest are MISSING failures, found ones in request order', async () => {
    const { ctx, lookups } = context();
    const out = await describeTasks(
      { cluster: 'prod', tasks: ['t2', `${ACCOUNT}:task/prod/t1`, `${ACCOUNT}:task/other/t3`, 't9', 'arn:aws:ecs:nonsense'] },
      ctx,
    );
    expect(out.tasks!.map((t) => t.taskArn)).toEqual([`${ACCOUNT}:task/prod/t2`, `${ACCOUNT}:task/prod/t1`]);
    expect(out.failures).toEqual([
      { arn: `${ACCOUNT}:task/other/t3`, reason: 'MISSING' },
      { arn: 'arn:aws:ecs:nonsense', reason: 'MISSING' },
      { arn: `${ACCOUNT}:task/prod/t9`, reason: 'MISSING' },
    ]);
    expect(lookups).toEqual(['clusters.get(prod)', 'tasks.getMany(prod,t2 t1 t9)']);
  });

  it('container instances the same way, by id or ARN', async () => {
    const { ctx, lookups } = context();
    const out = await describeContainerInstances(
      { cluster: `${ACCOUNT}:cluster/prod`, containerInstances: [`${ACCOUNT}:container-instance/prod/i1`, 'i2'] },
      ctx,
    );
    expect(out.containerInstances!.map((i) => i.containerInstanceArn)).toEqual([`${ACCOUNT}:container-instance/prod/i1`]);
    expect(out.failures).toEqual([{ arn: `${ACCOUNT}:container-instance/prod/i2`, reason: 'MISSING' }]);
    expect(lookups).toEqual(['clusters.get(prod)', 'instances.getMany(prod,i1 i2)']);
  });

  it('a task of an unknown cluster is ClusterNotFoundException, not a MISSING failure', async () => {
    const { ctx } = context();
    await expect(describeTasks({ cluster: 'nope', tasks: ['t1'] }, ctx)).rejects.toMatchObject({ code: 'ClusterNotFoundException' });
  });
});

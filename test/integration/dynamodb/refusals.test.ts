import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/app/context.js';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import { describeServices } from '../../../src/app/services/describe-services.js';
import { listClusters } from '../../../src/app/clusters/list-clusters.js';
import { listServices } from '../../../src/app/services/describe-services.js';
import { registerContainerInstance } from '../../../src/app/container-instances/register-container-instance.js';
import { EcsError } from '../../../src/domain/errors.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { freshTable } from '../../support/table.js';

/** DynamoDB's limits, reached by values a client chose, come back as typed 4xx errors (src/adapters/dynamodb/refusals.ts). */
let ctx: AppContext;
beforeAll(async () => {
  ctx = buildAppContext(await freshTable());
  await createCluster({ clusterName: 'refusals' }, ctx);
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err) => (err instanceof EcsError ? `${err.code} ${err.status}` : `untyped ${err}`),
  );
const token = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('DynamoDB refusals', () => {
  it.each([
    ['not base64 JSON', '%%%'],
    ['a list', token([1])],
    ['an unknown attribute', token({ nope: 'x' })],
    ['a number value', token({ GSI1PK: 1, GSI1SK: 'a' })],
    ['a key of another listing', token({ PK: 'CLUSTER#x', SK: 'SERVICE#y', GSI1PK: 'OTHER', GSI1SK: 'z' })],
  ])('a crafted nextToken (%s) is InvalidParameterException', async (_what, nextToken) => {
    expect(await codeOf(listClusters({ nextToken }, ctx))).toBe('InvalidParameterException 400');
    expect(await codeOf(listServices({ cluster: 'refusals', nextToken }, ctx))).toBe('InvalidParameterException 400');
  });

  it('an identifier too long to be a key is InvalidParameterException', async () => {
    expect(await codeOf(describeServices({ cluster: 'refusals', services: ['s'.repeat(3000)] }, ctx))).toBe(
      'InvalidParameterException 400',
    );
    expect(await codeOf(createCluster({ clusterName: 'c'.repeat(3000) }, ctx))).toMatch(
      /^(InvalidParameterException|ClientException) 400$/,
    );
  });

  it('an item over 400 KB is ClientException, and nothing is stored', async () => {
    const attributes = Array.from({ length: 4000 }, (_, i) => ({ name: `custom.a${i}`, value: 'v'.repeat(120) }));
    const out = await codeOf(
      registerContainerInstance(
        {
          cluster: 'refusals',
          totalResources: [
            { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
            { name: 'MEMORY', type: 'INTEGER', integerValue: 1024 },
          ],
          attributes,
        },
        ctx,
      ),
    );
    expect(out).toMatch(/^(ClientException|InvalidParameterException) 400$/);
    expect(await ctx.instances.listAll('refusals')).toEqual([]);
  });
});

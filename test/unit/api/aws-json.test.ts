import { describe, expect, it, vi } from 'vitest';
import { handleAwsJson } from '../../../src/api/aws-json.js';
import { EcsError } from '../../../src/domain/errors.js';

const target = (op: string) => ({ 'X-Amz-Target': `AmazonEC2ContainerServiceV20141113.${op}` });
const table = {
  ListClusters: async (input: unknown) => ({ echoed: input }),
  DeleteCluster: async () => {
    throw new EcsError('ClusterNotFoundException', 'Cluster not found.');
  },
  CreateCluster: async () => {
    throw new Error('secret database detail');
  },
};

describe('AWS JSON 1.1 handling', () => {
  it('dispatches on X-Amz-Target (header name in any case) and returns the output as JSON', async () => {
    const res = await handleAwsJson(
      { headers: { 'x-amz-target': target('ListClusters')['X-Amz-Target'] }, body: '{"maxResults":3}' },
      table,
      {},
      { error: vi.fn() },
    );
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ echoed: { maxResults: 3 } });
  });

  it('decodes base64 bodies from API Gateway', async () => {
    const res = await handleAwsJson(
      { headers: target('ListClusters'), body: Buffer.from('{"maxResults":2}').toString('base64'), isBase64Encoded: true },
      table,
      {},
      { error: vi.fn() },
    );
    expect(JSON.parse(res.body)).toEqual({ echoed: { maxResults: 2 } });
  });

  it('maps typed errors to their ECS shape with status 400', async () => {
    const res = await handleAwsJson({ headers: target('DeleteCluster'), body: '{"cluster":"x"}' }, table, {}, { error: vi.fn() });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ __type: 'ClusterNotFoundException', message: 'Cluster not found.' });
  });

  it('turns a handler bug into ServerException without leaking it, and logs it', async () => {
    const error = vi.fn();
    const res = await handleAwsJson({ headers: target('CreateCluster'), body: '{}' }, table, {}, { error });
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body).__type).toBe('ServerException');
    expect(res.body).not.toContain('secret');
    expect(error).toHaveBeenCalledWith('request failed', expect.objectContaining({ operation: 'CreateCluster' }));
  });

  it('answers UnknownOperationException for a model operation Berth does not serve', async () => {
    const res = await handleAwsJson({ headers: target('CreateCapacityProvider'), body: '{}' }, table, {}, { error: vi.fn() });
    expect(JSON.parse(res.body).__type).toBe('UnknownOperationException');
  });

  it('validates before dispatching: a bad request never reaches the handler', async () => {
    const spy = vi.fn(async () => ({}));
    const res = await handleAwsJson(
      { headers: target('ListClusters'), body: '{"maxResults":"many"}' },
      { ListClusters: spy },
      {},
      { error: vi.fn() },
    );
    expect(res.statusCode).toBe(400);
    expect(spy).not.toHaveBeenCalled();
  });
});

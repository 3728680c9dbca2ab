import { describe, expect, it, vi } from 'vitest';
import { awsJsonApi, awsJsonService, type OperationHandler } from '../../../src/api/aws-json.js';
import { ECS_ERRORS, ecsModel } from '../../../src/api/ecs/ecs-service.js';
import { AWS_JSON_LIMITS } from '../../../src/api/limits.js';
import type { RawModel } from '../../../src/api/model/botocore.js';
import { compileModel } from '../../../src/api/model/compile.js';
import { EcsError } from '../../../src/domain/errors.js';

const ECS = 'AmazonEC2ContainerServiceV20141113';
const target = (op: string) => ({ 'X-Amz-Target': `${ECS}.${op}` });

function api(handlers: Record<string, OperationHandler<unknown>>, log = { error: vi.fn(), info: vi.fn() }) {
  const service = awsJsonService({
    name: 'ECS',
    model: ecsModel,
    operations: new Map(Object.entries(handlers)),
    limits: AWS_JSON_LIMITS,
    errors: ECS_ERRORS,
  });
  return { api: awsJsonApi([service], {}, log), log };
}

const table = {
  ListClusters: async (input: unknown) => ({ echoed: input }),
  DeleteCluster: async () => {
    throw new EcsError('ClusterNotFoundException', 'Cluster not found.');
  },
  CreateCluster: async () => {
    throw new Error('secret database detail at /var/task/index.mjs:1:2');
  },
  DescribeClusters: async () => 'a string is not an AWS JSON answer',
};

describe('AWS JSON dispatch', () => {
  it('dispatches on X-Amz-Target (header name in any case) and returns the output as JSON', async () => {
    const res = await api(table).api.handle({ headers: { 'x-amz-target': `${ECS}.ListClusters` }, body: '{"maxResults":3}' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['Content-Type']).toBe('application/x-amz-json-1.1');
    expect(res.headers['x-amzn-RequestId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(res.body)).toEqual({ echoed: { maxResults: 3 } });
  });

  it('decodes base64 bodies from API Gateway', async () => {
    const res = await api(table).api.handle({
      headers: target('ListClusters'),
      body: Buffer.from('{"maxResults":2}').toString('base64'),
      isBase64Encoded: true,
    });
    expect(JSON.parse(res.body)).toEqual({ echoed: { maxResults: 2 } });
  });

  it('maps typed errors to their ECS shape with status 400', async () => {
    const res = await api(table).api.handle({ headers: target('DeleteCluster'), body: '{"cluster":"x"}' });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ __type: 'ClusterNotFoundException', message: 'Cluster not found.' });
  });

  it('turns a handler bug into ServerException without leaking it, and logs it under the request id', async () => {
    const { api: a, log } = api(table);
    const res = await a.handle({ headers: target('CreateCluster'), body: '{}' });
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ __type: 'ServerException', message: expect.any(String) });
    expect(res.body).not.toMatch(/secret|index\.mjs/);
    expect(log.error).toHaveBeenCalledWith(
      'request failed',
      expect.objectContaining({ operation: 'CreateCluster', requestId: res.headers['x-amzn-RequestId'] }),
    );
  });

  it('refuses an answer that is not a JSON object as a server error', async () => {
    const res = await api(table).api.handle({ headers: target('DescribeClusters'), body: '{}' });
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body).__type).toBe('ServerException');
  });

  it.each([
    [`${ECS}.CreateCapacityProvider`, 'a model operation Berth does not serve'],
    [`${ECS}.toString`, 'Object.prototype'],
    [`${ECS}.constructor`, 'Object.prototype'],
    [`${ECS}.__proto__`, 'Object.prototype'],
    [`${ECS}.__defineSetter__`, 'Object.prototype'],
    [`${ECS}.hasOwnProperty`, 'Object.prototype'],
    ['SomethingElse.ListClusters', 'another prefix'],
    [`${ECS}.`, 'no operation'],
    ['ListClusters', 'no prefix'],
    [`${ECS}.ListClusters.extra`, 'a dotted name'],
  ])('answers UnknownOperationException for %s (%s)', async (t) => {
    const res = await api(table).api.handle({ headers: { 'X-Amz-Target': t }, body: '{}' });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ __type: 'UnknownOperationException', message: expect.stringContaining('Unknown operation') });
  });

  it('says which model operation Berth does not implement', async () => {
    const res = await api(table).api.handle({ headers: target('CreateCapacityProvider'), body: '{}' });
    expect(JSON.parse(res.body).message).toBe(
      `Unknown operation ${ECS}.CreateCapacityProvider: Berth does not implement CreateCapacityProvider.`,
    );
  });

  it('validates before dispatching: a bad request never reaches the handler', async () => {
    const spy = vi.fn(async () => ({}));
    for (const body of ['{"maxResults":"many"}', '{"maxResults":1e309}', '{"nope":1}', '[]', '{"maxResults": ', '"x"']) {
      const res = await api({ ListClusters: spy }).api.handle({ headers: target('ListClusters'), body });
      expect(res.statusCode, body).toBe(400);
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('answers a use case that outlives the Lambda deadline with ServerException', async () => {
    const slow = { ListClusters: () => new Promise(() => {}) };
    const res = await api(slow).api.handle({ headers: target('ListClusters'), body: '{}' }, { remainingMs: () => 1_600 });
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body).__type).toBe('ServerException');
  });

  it('serves several services, each with its own prefix, model, content type and codes', async () => {
    const raw: RawModel = {
      metadata: { apiVersion: '2010-08-01', targetPrefix: 'GraniteServiceVersion20100801', jsonVersion: '1.0' },
      operations: { PutMetricData: { input: 'PutMetricDataInput', errors: [] } },
      shapes: {
        PutMetricDataInput: { type: 'structure', members: { Namespace: { shape: 'Namespace' } }, required: ['Namespace'] },
        Namespace: { type: 'string', min: 1, max: 255, pattern: '[^:].*' },
      },
    };
    const cloudwatch = awsJsonService({
      name: 'CloudWatch',
      model: compileModel(raw),
      operations: new Map([['PutMetricData', async (input: unknown) => ({ got: input })]]),
      limits: AWS_JSON_LIMITS,
      errors: {
        refusals: { ...ECS_ERRORS.refusals, validation: 'InvalidParameterValueException' },
        server: { code: 'InternalServiceFault', message: 'Internal error.' },
      },
    });
    const ecs = awsJsonService({
      name: 'ECS',
      model: ecsModel,
      operations: new Map(Object.entries(table)),
      limits: AWS_JSON_LIMITS,
      errors: ECS_ERRORS,
    });
    const both = awsJsonApi([ecs, cloudwatch], {}, { error: vi.fn(), info: vi.fn() });
    const ok = await both.handle({
      headers: { 'X-Amz-Target': 'GraniteServiceVersion20100801.PutMetricData' },
      body: '{"Namespace":"Berth/ECS"}',
    });
    expect(ok.headers['Content-Type']).toBe('application/x-amz-json-1.0');
    expect(JSON.parse(ok.body)).toEqual({ got: { Namespace: 'Berth/ECS' } });
    const bad = await both.handle({
      headers: { 'X-Amz-Target': 'GraniteServiceVersion20100801.PutMetricData' },
      body: '{"Namespace":":x"}',
    });
    expect(JSON.parse(bad.body).__type).toBe('InvalidParameterValueException');
    const ecsAnswer = await both.handle({ headers: target('ListClusters'), body: '{}' });
    expect(ecsAnswer.headers['Content-Type']).toBe('application/x-amz-json-1.1');
  });

  it('refuses a service whose operations are not all in its model', () => {
    expect(() =>
      awsJsonService({
        name: 'ECS',
        model: ecsModel,
        operations: new Map([['LaunchRockets', async () => ({})]]),
        limits: AWS_JSON_LIMITS,
        errors: ECS_ERRORS,
      }),
    ).toThrow(/LaunchRockets/);
  });
});

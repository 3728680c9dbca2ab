import { describe, expect, it } from 'vitest';
import { signedPost } from '../support/security.js';

/** Raw AWS JSON 1.1 requests, properly signed: what an SDK would never send, a broken client might. */
const post = (target: string | undefined, body: string) =>
  signedPost({ headers: { 'Content-Type': 'application/x-amz-json-1.1', ...(target ? { 'X-Amz-Target': target } : {}) }, body });

describe('AWS JSON 1.1 protocol', () => {
  it('rejects malformed JSON with SerializationException', async () => {
    const res = await post('AmazonEC2ContainerServiceV20141113.ListClusters', '{"maxResults": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ __type: 'SerializationException', message: expect.any(String) });
  });

  it('rejects a value of the wrong JSON type with SerializationException', async () => {
    const res = await post('AmazonEC2ContainerServiceV20141113.ListClusters', '{"maxResults": "ten"}');
    expect(res.status).toBe(400);
    expect((await res.json()).__type).toBe('SerializationException');
  });

  it('answers UnknownOperationException for an unknown or missing target', async () => {
    for (const target of ['AmazonEC2ContainerServiceV20141113.LaunchRockets', 'SomethingElse.ListClusters', undefined]) {
      const res = await post(target, '{}');
      expect(res.status).toBe(400);
      expect((await res.json()).__type).toBe('UnknownOperationException');
    }
  });

  it('treats an empty body as {} and sets the JSON 1.1 content type and a request id', async () => {
    const res = await post('AmazonEC2ContainerServiceV20141113.ListClusters', '');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toHaveProperty('clusterArns');
  });

  it('reports missing required members with InvalidParameterException', async () => {
    const res = await post('AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition', '{"family": "x"}');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.__type).toBe('InvalidParameterException');
    expect(body.message).toContain("'containerDefinitions'");
  });
});

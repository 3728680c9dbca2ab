import { describe, expect, it } from 'vitest';
import { instanceIdentityDocument } from '../../../src/agent/ec2-identity.js';

describe('instanceIdentityDocument', () => {
  it('is absent without --ec2-instance-id, and names the given instance otherwise', async () => {
    expect(await instanceIdentityDocument({ zone: 'z', instanceType: 't' })).toBeUndefined();
    const doc = await instanceIdentityDocument({ ec2InstanceId: 'i-0abc12345', zone: 'us-east-1a', instanceType: 'local' });
    expect(JSON.parse(doc!)).toEqual({ instanceId: 'i-0abc12345', availabilityZone: 'us-east-1a', instanceType: 'local' });
  });

  it('reads the document from IMDSv2: a token first, then the document with it', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const fake = (async (url: string, init?: RequestInit) => {
      calls.push([url, init]);
      if (url.endsWith('/latest/api/token')) return new Response('tok');
      return new Response(JSON.stringify({ instanceId: 'i-0fromimds', region: 'us-east-1' }));
    }) as typeof fetch;
    const doc = await instanceIdentityDocument({ ec2InstanceId: 'imds', zone: 'z', instanceType: 't' }, fake);
    expect(JSON.parse(doc!).instanceId).toBe('i-0fromimds');
    expect(calls.map(([u, i]) => [u, i?.method ?? 'GET'])).toEqual([
      ['http://169.254.169.254/latest/api/token', 'PUT'],
      ['http://169.254.169.254/latest/dynamic/instance-identity/document', 'GET'],
    ]);
    expect((calls[1]![1]!.headers as Record<string, string>)['X-aws-ec2-metadata-token']).toBe('tok');
  });

  it('fails clearly when the metadata service refuses', async () => {
    const refusing = (async () => new Response('no', { status: 401 })) as unknown as typeof fetch;
    await expect(instanceIdentityDocument({ ec2InstanceId: 'imds', zone: 'z', instanceType: 't' }, refusing)).rejects.toThrow(
      /token request answered 401/,
    );
  });
});

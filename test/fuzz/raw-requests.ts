import type { Random } from '../../src/scheduler/placement/random.js';
import { ecsHeaders } from './fixture.js';
import type { OutgoingRequest } from './http-client.js';
import { between, pick, randomWord } from './model-values.js';

/**
 * Protocol abuse. `berth` cases reach Berth's handler and must be refused in
 * AWS's shape; `http` cases are answered by the HTTP server in front
 * (serverless-offline here, API Gateway on AWS): they need only a 4xx and no
 * internals.
 */
export interface RawCase {
  label: string;
  expect: 'refuse' | 'any';
  answeredBy: 'berth' | 'http';
  req?: OutgoingRequest;
  /** Bytes for a raw socket, when Node's client would refuse to send them. */
  raw?: string;
}

const PREFIX = 'AmazonEC2ContainerServiceV20141113';
const PROTO = [
  'toString',
  'constructor',
  '__proto__',
  'hasOwnProperty',
  '__defineSetter__',
  '__lookupGetter__',
  'valueOf',
  'toLocaleString',
  'isPrototypeOf',
];

export function rawCase(random: Random, host: string): RawCase {
  const headers = (target?: string): Record<string, string> => {
    const h = ecsHeaders('ListClusters');
    if (target === undefined) delete h['X-Amz-Target'];
    else h['X-Amz-Target'] = target;
    return h;
  };
  const berth = (label: string, req: OutgoingRequest, expect: 'refuse' | 'any' = 'refuse'): RawCase => ({
    label,
    expect,
    answeredBy: 'berth',
    req,
  });
  const choices: (() => RawCase)[] = [
    () => berth('no X-Amz-Target', { headers: headers(), body: '{}' }),
    () => {
      const op = pick(random, PROTO);
      return berth(`target ${op}`, { headers: headers(`${PREFIX}.${op}`), body: pick(random, ['{}', '{"a":1}', '']) });
    },
    () =>
      berth('target of another service', {
        headers: headers(`${pick(random, ['AnyScaleFrontendService', 'GraniteServiceVersion20100801', 'AmazonSSM'])}.ListClusters`),
        body: '{}',
      }),
    () => berth('target without operation', { headers: headers(`${PREFIX}.`), body: '{}' }),
    () => berth('target in lower case', { headers: headers(`${PREFIX}.listclusters`), body: '{}' }),
    () => berth('8 KB target', { headers: headers(`${PREFIX}.${'A'.repeat(8_000)}`), body: '{}' }),
    () => berth('target with Latin-1 bytes', { headers: headers(`${PREFIX}.List\u00e9Clusters`), body: '{}' }),
    () => berth('dotted target', { headers: headers(`${PREFIX}.ListClusters.toString`), body: '{}' }),
    () =>
      berth('unknown model operation', {
        headers: headers(`${PREFIX}.${pick(random, ['CreateCapacityProvider', 'ExecuteCommand', 'LaunchRockets'])}`),
        body: '{}',
      }),
    () =>
      berth('binary body', {
        headers: headers(`${PREFIX}.ListClusters`),
        body: Buffer.from([0xff, ...Array.from({ length: between(random, 0, 64) }, () => between(random, 0, 255))]),
      }),
    () =>
      berth(
        'invalid UTF-8 in a string',
        {
          headers: headers(`${PREFIX}.CreateCluster`),
          body: Buffer.concat([Buffer.from('{"clusterName":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
        },
        'any',
      ),
    () => berth('2 MB body', { headers: headers(`${PREFIX}.ListClusters`), body: `{"nextToken":"${'x'.repeat(2_000_000)}"}` }),
    () =>
      berth('form-encoded body', {
        headers: { ...headers(`${PREFIX}.ListClusters`), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'Action=ListClusters&maxResults=5',
      }),
    () =>
      berth(
        'JSON 1.0 content type',
        { headers: { ...headers(`${PREFIX}.ListClusters`), 'Content-Type': 'application/x-amz-json-1.0' }, body: '{}' },
        'any',
      ),
    () =>
      berth(
        'garbage signature',
        { headers: { ...headers(`${PREFIX}.ListClusters`), Authorization: `AWS4-HMAC-SHA256 ${randomWord(random, 40)}` }, body: '{}' },
        'any',
      ),
    () =>
      berth('no Authorization', { headers: (({ Authorization: _a, ...h }) => h)(headers(`${PREFIX}.ListClusters`)), body: '{}' }, 'any'),
    () => ({
      label: 'two X-Amz-Target headers',
      expect: 'refuse',
      answeredBy: 'berth',
      raw: `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: ${PREFIX}.ListClusters\r\nX-Amz-Target: ${PREFIX}.DeleteCluster\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    }),
    () => ({
      label: 'chunked 1 MB body',
      expect: 'refuse',
      answeredBy: 'berth',
      raw: `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: ${PREFIX}.ListClusters\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunked(`{"nextToken":"${'y'.repeat(1_000_000)}"}`)}`,
    }),
    () => ({
      label: `${pick(random, ['GET', 'PUT', 'DELETE', 'PATCH'])} /`,
      expect: 'refuse',
      answeredBy: 'http',
      req: { method: pick(random, ['GET', 'PUT', 'DELETE', 'PATCH']), headers: headers(`${PREFIX}.ListClusters`) },
    }),
    () => ({
      label: 'unknown path',
      expect: 'refuse',
      answeredBy: 'http',
      req: {
        path: pick(random, ['/x', '/agent/v2/poll', '/../etc/passwd', '/%00']),
        headers: headers(`${PREFIX}.ListClusters`),
        body: '{}',
      },
    }),
    () => ({
      label: '20 KB header',
      expect: 'refuse',
      answeredBy: 'http',
      req: { headers: { ...headers(`${PREFIX}.ListClusters`), 'X-Padding': 'p'.repeat(20_000) }, body: '{}' },
    }),
    () => ({
      label: 'malformed request line',
      expect: 'refuse',
      answeredBy: 'http',
      raw: pick(random, ['GARBAGE\r\n\r\n', 'POST / HTTP/9.9\r\n\r\n', '\u0000\u0001\u0002\r\n\r\n']),
    }),
    () => ({
      label: 'HTTP/1.0 without Host',
      expect: 'any',
      answeredBy: 'http',
      raw: pick(random, ['POST / HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}', 'POST /\r\n\r\n']),
    }),
  ];
  return pick(random, choices)();
}

function chunked(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i += 65_536) {
    const part = body.slice(i, i + 65_536);
    out += `${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`;
  }
  return `${out}0\r\n\r\n`;
}

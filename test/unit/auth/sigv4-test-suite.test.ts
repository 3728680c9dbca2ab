import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hash } from '@smithy/hash-node';
import { getCanonicalHeaders, SignatureV4Base } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/protocol-http';
import { describe, expect, it } from 'vitest';
import { AuthFailure } from '../../../src/auth/auth-failure.js';
import type { SignedRequest } from '../../../src/auth/signed-request.js';
import { canonicalInput, readClaim, verifyClaim } from '../../../src/auth/sigv4.js';

/**
 * AWS's published SigV4 test suite (test/fixtures/sigv4-test-suite, see its
 * NOTICE): each signed request, parsed from its raw HTTP text, must be
 * accepted with the suite's secret at the suite's time, and the canonical
 * request Berth builds from it must be the suite's, byte for byte.
 */
const SUITE = fileURLToPath(new URL('../../fixtures/sigv4-test-suite', import.meta.url));

interface Context {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  normalize: boolean;
  region: string;
  service: string;
  timestamp: string;
}

/** The suite's raw HTTP text → the parts a server sees (folded header lines joined, repeated headers comma-joined). */
function parseRaw(text: string): SignedRequest {
  const blank = text.indexOf('\n\n');
  const head = blank < 0 ? text : text.slice(0, blank);
  const body = blank < 0 ? '' : text.slice(blank + 2);
  const [requestLine, ...lines] = head.split('\n');
  const m = /^(\S+) (.*) HTTP\/1\.1$/.exec(requestLine!)!;
  const target = m[2]!;
  const q = target.indexOf('?');
  const headers: Record<string, string> = {};
  let last = '';
  for (const line of lines) {
    if (/^\s/.test(line) && last) {
      headers[last] += `\n${line}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1);
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
    last = name;
  }
  return { method: m[1]!, path: q < 0 ? target : target.slice(0, q), query: q < 0 ? '' : target.slice(q + 1), headers, body };
}

/** smithy's canonical request for Berth's canonical input: SignatureV4Base keeps the method protected. */
class CanonicalRequest extends SignatureV4Base {
  constructor() {
    super({ credentials: { accessKeyId: '', secretAccessKey: '' }, region: '', service: '', sha256: Hash.bind(null, 'sha256') });
  }
  of(request: HttpRequest, signedHeaders: string[], payloadHash: string): string {
    return this.createCanonicalRequest(request, getCanonicalHeaders(request, undefined, new Set(signedHeaders)), payloadHash);
  }
}

const cases = readdirSync(SUITE).filter((name) => {
  try {
    const ctx = JSON.parse(readFileSync(join(SUITE, name, 'context.json'), 'utf8')) as Context;
    // Unnormalized paths are S3's rule; Berth's services normalize, as every AWS service but S3 does.
    return ctx.normalize;
  } catch {
    return false;
  }
});

describe('SigV4 verification against the AWS test suite', () => {
  it('has the suite', () => expect(cases.length).toBeGreaterThan(25));

  for (const name of cases) {
    const ctx = JSON.parse(readFileSync(join(SUITE, name, 'context.json'), 'utf8')) as Context;
    const req = parseRaw(readFileSync(join(SUITE, name, 'header-signed-request.txt'), 'utf8'));
    const now = Date.parse(ctx.timestamp);
    const scope = { region: ctx.region, service: ctx.service };

    if (ctx.credentials.token) {
      it(`${name}: refuses a session token Berth did not issue`, () => {
        expect(() => readClaim(req, scope, now)).toThrow(expect.objectContaining({ kind: 'unknown-key' }));
      });
      continue;
    }

    it(`${name}: builds the suite's canonical request and accepts the signature`, async () => {
      const claim = readClaim(req, scope, now);
      const input = canonicalInput(req, claim);
      const expected = readFileSync(join(SUITE, name, 'header-canonical-request.txt'), 'utf8');
      const payloadHash = expected.slice(expected.lastIndexOf('\n') + 1);
      expect(new CanonicalRequest().of(input, claim.signedHeaders, payloadHash)).toBe(expected);
      expect(await verifyClaim(req, claim, ctx.credentials.secret_access_key)).toBeUndefined();
    });

    it(`${name}: rejects the wrong secret and a changed body or header`, async () => {
      const claim = readClaim(req, scope, now);
      expect(await verifyClaim(req, claim, `${ctx.credentials.secret_access_key}x`)).toMatchObject({ kind: 'bad-signature' });
      const tampered = { ...req, body: `${req.body ?? ''}x`, headers: { ...req.headers, host: 'other.example.com' } };
      expect(await verifyClaim(tampered, readClaim(tampered, scope, now), ctx.credentials.secret_access_key)).toMatchObject({
        kind: 'bad-signature',
      });
    });
  }

  it('refuses the suite request 15 minutes and one second later, and one signed for another service', () => {
    const ctx = JSON.parse(readFileSync(join(SUITE, 'get-vanilla', 'context.json'), 'utf8')) as Context;
    const req = parseRaw(readFileSync(join(SUITE, 'get-vanilla', 'header-signed-request.txt'), 'utf8'));
    const later = Date.parse(ctx.timestamp) + 15 * 60_000 + 1000;
    expect(() => readClaim(req, { region: 'us-east-1', service: 'service' }, later)).toThrow(
      new AuthFailure('expired', 'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T125101Z - 15 min.)'),
    );
    expect(() => readClaim(req, { region: 'us-east-1', service: 'ecs' }, Date.parse(ctx.timestamp))).toThrow(
      "Credential should be scoped to correct service: 'ecs'.",
    );
  });
});

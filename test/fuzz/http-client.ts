import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';

/**
 * An Authorization header value meaning "sign this request as the local
 * stack's admin key test/test": mutated requests are properly signed, so they
 * reach validation; cases about the auth path set their own header instead.
 */
export const SIGN_AS_TEST = 'sign-as-test';
const signer = new SignatureV4({
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  region: 'us-east-1',
  service: 'ecs',
  sha256: Hash.bind(null, 'sha256'),
  applyChecksum: false,
});

async function signed(endpoint: URL, req: OutgoingRequest): Promise<Record<string, string>> {
  if (req.headers.Authorization !== SIGN_AS_TEST) return req.headers;
  const { Authorization: _a, ...headers } = req.headers;
  const out = await signer.sign(
    new HttpRequest({
      method: req.method ?? 'POST',
      hostname: endpoint.hostname,
      port: Number(endpoint.port),
      path: req.path ?? '/',
      headers: { ...headers, host: endpoint.host },
      body: req.body,
    }),
  );
  return out.headers as Record<string, string>;
}

/** One HTTP exchange with the stack under test, timed on the client. Loopback only. */
export interface Exchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
  /** No answer within the client timeout (or the connection failed). */
  error?: string;
}

export interface OutgoingRequest {
  method?: string;
  path?: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export function assertLoopback(endpoint: string): URL {
  const url = new URL(endpoint);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && !url.hostname.startsWith('127.')) {
    throw new Error(`the fuzz suite only targets loopback addresses, not ${url.hostname}`);
  }
  return url;
}

export async function send(endpoint: URL, req: OutgoingRequest, timeoutMs: number): Promise<Exchange> {
  const headers = await signed(endpoint, req);
  const started = performance.now();
  return new Promise((resolve) => {
    const finish = (e: Omit<Exchange, 'ms'>) => resolve({ ...e, ms: performance.now() - started });
    const r = request(
      {
        host: endpoint.hostname,
        port: endpoint.port,
        method: req.method ?? 'POST',
        path: req.path ?? '/',
        headers,
        agent,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => finish({ status: 0, headers: {}, body: '', error: String(err) }));
      },
    );
    r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    r.on('error', (err) => finish({ status: 0, headers: {}, body: '', error: String(err) }));
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** Bytes written as is on a fresh socket (malformed HTTP); the answer parsed loosely. */
export function sendRaw(endpoint: URL, raw: Buffer | string, timeoutMs: number): Promise<Exchange> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: endpoint.hostname, port: Number(endpoint.port) });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (error?: string) => {
      if (done) return;
      done = true;
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const [head, ...rest] = text.split('\r\n\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head ?? '');
      const headers: Record<string, string> = {};
      for (const line of (head ?? '').split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({
        status: m ? Number(m[1]) : 0,
        headers,
        body: rest.join('\r\n\r\n'),
        ms: performance.now() - started,
        error: m ? undefined : (error ?? 'no HTTP answer'),
      });
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer within ${timeoutMs} ms`));
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      // One answer is enough: stop at the end of its body when the length is known.
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const len = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
      if (end > 0 && len && text.length >= end + 4 + Number(len[1])) finish();
    });
    socket.on('end', () => finish());
    socket.on('error', (err) => finish(String(err)));
    socket.write(raw);
  });
}

export const closeConnections = () => agent.destroy();

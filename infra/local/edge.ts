import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { createProxyServer } from 'http-proxy-3';
import type { LocalTwin } from '../../src/adapters/local/local-twin.js';
import { consoleFile } from '../../src/api/console-files.js';
import { MAX_QUERY_BODY_BYTES } from '../../src/api/query/handle-query.js';

export interface EdgeOptions {
  port: number;
  host?: string;
  /** serverless-offline's HTTP port: the ECS and Application Auto Scaling APIs and the agent endpoints. */
  offlineHttpPort: number;
  /** serverless-offline's WebSocket port, for upgrade requests (the agent channel). */
  offlineWebsocketPort?: number;
  twins: readonly LocalTwin[];
  /** Static files served at /console/ (the web console's build output), when present. */
  consoleDir?: string;
  log?: (line: string) => void;
}

export interface Edge {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * The one local endpoint (http://127.0.0.1:3000), as LocalStack's edge port:
 * AWS JSON requests go where their X-Amz-Target prefix belongs (a twin, or
 * serverless-offline for ECS and Application Auto Scaling), query-protocol
 * requests to the twin whose API version they name, `/console/` to the
 * console's static files, WebSocket upgrades and everything else to
 * serverless-offline. Local only: on AWS each service has its own endpoint.
 */
export async function startEdge(opts: EdgeOptions): Promise<Edge> {
  const host = opts.host ?? '127.0.0.1';
  const byTarget = new Map<string, LocalTwin>();
  const byVersion = new Map<string, LocalTwin>();
  for (const twin of opts.twins) {
    for (const p of twin.jsonTargetPrefixes ?? []) byTarget.set(p, twin);
    for (const v of twin.queryVersions ?? []) byVersion.set(v, twin);
  }
  const proxy = createProxyServer({ target: `http://${host}:${opts.offlineHttpPort}`, xfwd: true });
  proxy.on('error', (err, _req, res) => {
    opts.log?.(`  ! edge: serverless-offline did not answer: ${err.message}`);
    if (res && 'writeHead' in res && !res.headersSent) {
      res.writeHead(502, { 'Content-Type': 'application/json', 'x-amzn-RequestId': randomUUID() });
      res.end(JSON.stringify({ __type: 'ServiceUnavailableException', message: 'The local control plane is not answering.' }));
    } else res?.destroy();
  });

  const server = createServer((req, res) => {
    route(req, res).catch((err) => {
      opts.log?.(`  ! edge: ${err instanceof Error ? err.message : err}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json', 'x-amzn-RequestId': randomUUID() });
      res.end(JSON.stringify({ __type: 'InternalFailure', message: 'An internal error occurred.' }));
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0];
    if (!req.headers.host) {
      // API Gateway refuses a request without Host (HTTP/1.0 clients); serverless-offline would answer 500.
      res.writeHead(400, { 'Content-Type': 'application/json', 'x-amzn-RequestId': randomUUID() });
      return res.end(JSON.stringify({ __type: 'BadRequestException', message: 'The Host header is required.' }));
    }
    if (opts.consoleDir && (path === '/console' || path.startsWith('/console/'))) return serveStatic(opts.consoleDir, path, res);
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') {
      const twin = byTarget.get(target.split('.')[0]);
      return twin ? toTwin(twin, req, res, await readBody(req)) : toOffline(req, res);
    }
    if (req.method === 'POST' && path === '/' && /^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
      const body = await readBody(req);
      if (body === undefined) return tooLarge(res);
      const version = new URLSearchParams(formText(req, body)).get('Version') ?? '';
      const twin = byVersion.get(version);
      if (twin) return toTwin(twin, req, res, body);
      res.writeHead(400, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': randomUUID() });
      return res.end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>No API with Version ${escape(version)} is served at this endpoint.</Message></Error></ErrorResponse>`,
      );
    }
    return toOffline(req, res);
  }

  /** Bodies are read whole first (chunked ones too), so an oversized one is answered here rather than cut off by hapi. */
  async function toOffline(req: IncomingMessage, res: ServerResponse) {
    if (req.method === 'GET' || req.method === 'HEAD') return proxy.web(req, res);
    const body = await readBody(req, MAX_PROXIED_BODY_BYTES);
    if (body === undefined) return tooLarge(res, MAX_PROXIED_BODY_BYTES);
    return proxy.web(req, res, { buffer: Readable.from([body]) });
  }

  async function toTwin(twin: LocalTwin, req: IncomingMessage, res: ServerResponse, body: Buffer | undefined) {
    if (body === undefined) return tooLarge(res);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    // Method, path and query too: twins verify SigV4 signatures, which cover them.
    const [path, query] = (req.url ?? '/').split('?');
    // A compressed body (the CloudWatch SDK and CLI gzip PutMetricData past 10 KB) goes on as its exact bytes:
    // the signature covers them; the twin inflates it.
    const encoded = isEncoded(req);
    const out = await twin.handle({
      headers,
      body: body.toString(encoded ? 'base64' : 'utf8'),
      isBase64Encoded: encoded,
      method: req.method,
      path,
      query,
      sourceIp: req.socket.remoteAddress,
    });
    res.writeHead(out.statusCode, out.headers);
    res.end(out.body);
  }

  server.on('upgrade', (req, socket, head) => {
    if (!opts.offlineWebsocketPort) return socket.destroy();
    proxy.ws(req, socket, head, { target: `ws://${host}:${opts.offlineWebsocketPort}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  return {
    endpoint: `http://${host}:${opts.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        proxy.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The body, or undefined past the cap. An oversized body is still read to its
 * end (and dropped), up to a hard limit, so that the client finishes sending
 * and reads the 413 instead of failing on a reset connection, as API Gateway
 * answers; past the hard limit the connection is cut.
 */
function readBody(req: IncomingMessage, limit = MAX_QUERY_BODY_BYTES): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
      else if (size > DRAIN_LIMIT_BYTES) req.destroy();
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('close', () => resolve(undefined));
    req.on('error', reject);
  });
}

const isEncoded = (req: IncomingMessage) => !/^(identity)?$/i.test(String(req.headers['content-encoding'] ?? '').trim());

/** A form body's text, for routing on its Version: inflated when gzipped (bounded; one that does not inflate routes nowhere). */
function formText(req: IncomingMessage, body: Buffer): string {
  if (!isEncoded(req)) return body.toString('utf8');
  try {
    return gunzipSync(body, { maxOutputLength: MAX_QUERY_BODY_BYTES }).toString('utf8');
  } catch {
    return '';
  }
}

/** How much of an oversized body the edge reads and drops before cutting the connection. */
const DRAIN_LIMIT_BYTES = 32 * 1024 * 1024;

/**
 * serverless-offline (hapi) drops bodies over 1 MiB mid-upload, which a proxy
 * can only turn into a 502; every Berth function refuses such a body anyway
 * (src/api/limits.ts: 256 KiB for the AWS JSON APIs, 1 MiB for agent polls),
 * so the edge answers it the way they would.
 */
const MAX_PROXIED_BODY_BYTES = 1024 * 1024;

function tooLarge(res: ServerResponse, limit = MAX_QUERY_BODY_BYTES) {
  res.writeHead(413, { 'Content-Type': 'application/json', 'x-amzn-RequestId': randomUUID() });
  res.end(JSON.stringify({ __type: 'RequestEntityTooLargeException', message: `The request body exceeds ${limit} bytes.` }));
}

/** Files under `dir`; any other path under /console/ is the single-page app's index.html (deep links). */
function serveStatic(dir: string, path: string, res: ServerResponse) {
  const found = consoleFile(dir, path);
  if (found.kind === 'redirect') {
    res.writeHead(301, { Location: found.location });
    return res.end();
  }
  if (found.kind === 'not-built' || found.kind === 'not-found') {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    return res.end(found.message);
  }
  res.writeHead(200, { 'Content-Type': found.contentType, 'Cache-Control': found.cacheControl });
  createReadStream(found.path).pipe(res);
}

const escape = (s: string) => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!).slice(0, 64);

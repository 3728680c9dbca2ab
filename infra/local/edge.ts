import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createProxyServer } from 'http-proxy-3';
import type { LocalTwin } from '../../src/adapters/local/local-twin.js';
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
      res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ __type: 'ServiceUnavailableException', message: 'The local control plane is not answering.' }));
    } else res?.destroy();
  });

  const server = createServer((req, res) => {
    route(req, res).catch((err) => {
      opts.log?.(`  ! edge: ${err instanceof Error ? err.message : err}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ __type: 'InternalFailure', message: 'An internal error occurred.' }));
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0];
    if (!req.headers.host) {
      // API Gateway refuses a request without Host (HTTP/1.0 clients); serverless-offline would answer 500.
      res.writeHead(400, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ message: 'Bad Request: the Host header is required.' }));
    }
    if (opts.consoleDir && (path === '/console' || path.startsWith('/console/'))) return serveStatic(opts.consoleDir, path, res);
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') {
      const twin = byTarget.get(target.split('.')[0]);
      return twin ? toTwin(twin, req, res, await readBody(req)) : proxy.web(req, res);
    }
    if (req.method === 'POST' && path === '/' && /^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
      const body = await readBody(req);
      if (body === undefined) return tooLarge(res);
      const version = new URLSearchParams(body).get('Version') ?? '';
      const twin = byVersion.get(version);
      if (twin) return toTwin(twin, req, res, body);
      res.writeHead(400, { 'Content-Type': 'text/xml' });
      return res.end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>No API with Version ${escape(version)} is served at this endpoint.</Message></Error></ErrorResponse>`,
      );
    }
    return proxy.web(req, res);
  }

  async function toTwin(twin: LocalTwin, req: IncomingMessage, res: ServerResponse, body: string | undefined) {
    if (body === undefined) return tooLarge(res);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const out = await twin.handle({ headers, body });
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
 * The body as text, or undefined past the cap (the connection is then answered
 * 413 without reading the rest). A gzip body (the CloudWatch SDK compresses
 * PutMetricData above 10 KB, as CloudWatch accepts) is inflated, under the same
 * cap; one that does not inflate is passed on as is, for the twin to refuse.
 */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const raw = await readRaw(req);
  if (raw === undefined || !/^gzip$/i.test(String(req.headers['content-encoding'] ?? ''))) return raw?.toString('utf8');
  try {
    return gunzipSync(raw, { maxOutputLength: MAX_QUERY_BODY_BYTES }).toString('utf8');
  } catch (err) {
    return (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? undefined : raw.toString('utf8');
  }
}

function readRaw(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_QUERY_BODY_BYTES) return resolve(undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_QUERY_BODY_BYTES) {
        req.pause();
        resolve(undefined);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(res: ServerResponse) {
  res.writeHead(413, { 'Content-Type': 'application/json', Connection: 'close' });
  res.end(JSON.stringify({ __type: 'RequestEntityTooLargeException', message: `Request body exceeds ${MAX_QUERY_BODY_BYTES} bytes.` }));
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/** Files under `dir`; any other path under /console/ is the single-page app's index.html (deep links). */
function serveStatic(dir: string, path: string, res: ServerResponse) {
  if (path === '/console') {
    res.writeHead(301, { Location: '/console/' });
    return res.end();
  }
  const rel = normalize(decodeURIComponent(path.slice('/console/'.length)));
  const file = rel && !rel.startsWith('..') && !rel.includes(`${sep}..`) ? join(dir, rel) : '';
  const isFile = (f: string) => {
    try {
      return statSync(f).isFile();
    } catch {
      return false;
    }
  };
  const chosen = file && isFile(file) ? file : join(dir, 'index.html');
  if (!isFile(chosen)) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    return res.end('The console is not built: run `npm run build`.');
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(chosen)] ?? 'application/octet-stream',
    'Cache-Control': chosen.endsWith('index.html') ? 'no-cache' : 'public, max-age=300',
  });
  createReadStream(chosen).pipe(res);
}

const escape = (s: string) => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!).slice(0, 64);

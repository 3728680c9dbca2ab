/**
 * Small HTTP servers standing in for tasks behind a load balancer: each
 * answers with its name, can be told to fail its health check path, to hold
 * requests for a while, and counts what it served.
 */
import { createServer, type Server } from 'node:http';

export interface HttpTarget {
  name: string;
  port: number;
  served: number;
  inFlight: number;
  /** Status answered on /health (200 = healthy). */
  healthStatus: number;
  /** Milliseconds every request to /slow is held before the answer. */
  slowMs: number;
  close(): Promise<void>;
}

export async function startHttpTarget(name: string): Promise<HttpTarget> {
  const target: HttpTarget = {
    name,
    port: 0,
    served: 0,
    inFlight: 0,
    healthStatus: 200,
    slowMs: 2000,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(target.healthStatus, { 'Content-Type': 'text/plain' });
      return res.end(target.healthStatus === 200 ? 'ok' : 'sick');
    }
    target.inFlight++;
    const answer = () => {
      target.inFlight--;
      target.served++;
      res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Served-By': name });
      res.end(`hello from ${name}\n`);
    };
    if (req.url === '/slow') setTimeout(answer, target.slowMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  target.port = (server.address() as { port: number }).port;
  return target;
}

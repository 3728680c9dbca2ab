import { createServer, connect } from 'node:net';

/** A free TCP port on loopback, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** true when something accepts connections on host:port. */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  onTick?: (elapsedMs: number) => void,
): Promise<void> {
  const start = Date.now();
  while (!(await check().catch(() => false))) {
    const elapsed = Date.now() - start;
    if (elapsed > timeoutMs) throw new Error(`${what} did not become ready within ${Math.round(timeoutMs / 1000)} s`);
    onTick?.(elapsed);
    await new Promise((r) => setTimeout(r, 100));
  }
}

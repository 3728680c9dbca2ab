/**
 * A tiny local test image for hosts without a reachable registry: the host's
 * static busybox plus applet symlinks (sh, httpd, wget, sleep, …) and a
 * welcome page, imported straight into Docker. Used by the demo and tests.
 *
 *   docker run -p 8080:80 berth-test/web:1   → serves /www ("Welcome to Berth")
 */
import { existsSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';

export const TEST_IMAGE = 'berth-test/web:1';

const BUSYBOX_PATHS = ['/bin/busybox', '/usr/bin/busybox'];
const APPLETS = ['sh', 'httpd', 'wget', 'sleep', 'cat', 'echo', 'ls', 'env', 'true', 'false', 'kill', 'ps', 'nc', 'test'];
export const WELCOME_HTML =
  '<!doctype html>\n<html><head><title>Welcome to Berth</title></head>\n' +
  '<body><h1>Welcome to Berth</h1><p>Served by busybox httpd from a Berth task.</p></body></html>\n';

export class TestImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestImageError';
  }
}

/** Build and import the image unless Docker already has it; returns its name. */
export async function ensureLocalImage(docker: Docker, name: string = TEST_IMAGE): Promise<string> {
  try {
    await docker.getImage(name).inspect();
    return name;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
  const busybox = findBusybox();
  const { repo, tag } = splitName(name);
  const archive = rootfsTar(readFileSync(busybox));
  const progress = await docker.importImage(Readable.from([archive]), {
    repo,
    tag,
    // Serve the welcome page by default. As PID 1, httpd gets no default
    // SIGTERM action from the kernel, so stopping it waits for the stop timeout.
    changes: ['CMD ["/bin/httpd", "-f", "-v", "-p", "80", "-h", "/www"]', 'EXPOSE 80/tcp', 'WORKDIR /'],
  });
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(progress, (err: Error | null, out: { error?: string }[]) => {
      const failed = err?.message ?? out.find((o) => o.error)?.error;
      if (failed) reject(new TestImageError(`importing ${name} failed: ${failed}`));
      else resolve();
    });
  });
  return name;
}

function findBusybox(): string {
  const found = BUSYBOX_PATHS.find((p) => existsSync(p));
  if (!found) {
    throw new TestImageError(`busybox not found at ${BUSYBOX_PATHS.join(' or ')}: install it with \`apt-get install busybox-static\``);
  }
  return found;
}

function splitName(name: string): { repo: string; tag: string } {
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) return { repo: name.slice(0, colon), tag: name.slice(colon + 1) };
  return { repo: name, tag: 'latest' };
}

// ---- minimal ustar writer: enough for dirs, regular files and symlinks ----

type Entry =
  | { kind: 'dir'; path: string }
  | { kind: 'file'; path: string; data: Buffer; mode: number }
  | { kind: 'symlink'; path: string; target: string };

function rootfsTar(busybox: Buffer): Buffer {
  const entries: Entry[] = [
    { kind: 'dir', path: 'bin/' },
    { kind: 'dir', path: 'etc/' },
    { kind: 'dir', path: 'tmp/' },
    { kind: 'dir', path: 'www/' },
    { kind: 'file', path: 'bin/busybox', data: busybox, mode: 0o755 },
    ...APPLETS.map((a): Entry => ({ kind: 'symlink', path: `bin/${a}`, target: 'busybox' })),
    { kind: 'file', path: 'www/index.html', data: Buffer.from(WELCOME_HTML), mode: 0o644 },
    {
      kind: 'file',
      path: 'etc/passwd',
      data: Buffer.from('root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n'),
      mode: 0o644,
    },
    { kind: 'file', path: 'etc/group', data: Buffer.from('root:x:0:\nnogroup:x:65534:\n'), mode: 0o644 },
  ];
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = e.kind === 'file' ? e.data : Buffer.alloc(0);
    blocks.push(tarHeader(e, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024)); // end-of-archive marker
  return Buffer.concat(blocks);
}

function tarHeader(e: Entry, size: number): Buffer {
  const h = Buffer.alloc(512);
  const put = (value: string, offset: number, length: number): void => {
    h.write(value.slice(0, length), offset, 'utf8');
  };
  const octal = (n: number, length: number): string => n.toString(8).padStart(length - 1, '0');
  put(e.path, 0, 100);
  put(octal(e.kind === 'file' ? e.mode : e.kind === 'dir' ? 0o755 : 0o777, 8), 100, 8);
  put(octal(0, 8), 108, 8); // uid
  put(octal(0, 8), 116, 8); // gid
  put(octal(size, 12), 124, 12);
  put(octal(0, 12), 136, 12); // mtime
  put(e.kind === 'file' ? '0' : e.kind === 'dir' ? '5' : '2', 156, 1);
  if (e.kind === 'symlink') put(e.target, 157, 100);
  put('ustar\u000000', 257, 8);
  // Checksum: sum of all header bytes with the checksum field read as spaces.
  h.fill(' ', 148, 156);
  const sum = h.reduce((acc, b) => acc + b, 0);
  put(`${octal(sum, 7)}\u0000 `, 148, 8);
  return h;
}

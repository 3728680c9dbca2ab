/** Container logs through the Engine (works for json-file, local and drivers with Docker's dual logging). */
import type Docker from 'dockerode';

/**
 * Docker multiplexes stdout/stderr of non-TTY containers into frames:
 * 1 byte stream id, 3 zero bytes, 4 bytes big-endian length, then the payload.
 */
export function demuxLogs(buf: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buf.length) {
    const size = buf.readUInt32BE(offset + 4);
    parts.push(buf.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

export async function containerLogs(docker: Docker, id: string, tail?: number): Promise<string> {
  const container = docker.getContainer(id);
  const info = await container.inspect();
  const raw = await container.logs({ stdout: true, stderr: true, follow: false, ...(tail !== undefined ? { tail } : {}) });
  return info.Config.Tty ? raw.toString('utf8') : demuxLogs(raw);
}

/** A throwaway state dir per test file, so process-driver tests never touch ~/.berth. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../src/logging/json-lines-logger.js';

/** The drivers' logger: JSON lines on stdout, as an agent's. */
export const logger = createLogger({ level: 'warn' });

export function tempStateDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'berth-process-driver-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A Node one-liner web server on $PORT, for "web" containers. */
export const NODE_WEB = [
  process.execPath,
  '-e',
  "console.log('hello-from-berth');require('http').createServer((q,s)=>s.end('<h1>Welcome to Berth</h1>')).listen(process.env.PORT)",
];

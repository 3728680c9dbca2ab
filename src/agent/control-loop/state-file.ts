import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Parsed JSON of `path`, or undefined when the file does not exist. Malformed JSON throws. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return JSON.parse(text);
}

/**
 * Write-then-rename: rename is atomic on POSIX file systems, so a crash
 * mid-write leaves the previous version intact instead of a truncated file.
 * Synchronous on purpose: successive writes of one file can never interleave.
 */
export function writeJsonFileAtomic(path: string, value: unknown, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  // The mode is set when the file is created: a secret is never readable by others, not even for a moment.
  writeFileSync(tmp, `${JSON.stringify(value)}\n`, { mode });
  renameSync(tmp, path);
}

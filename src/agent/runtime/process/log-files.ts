/** Reading the process driver's per-container log files. */
import { existsSync, readFileSync } from 'node:fs';

/** The whole log, or its last `tail` lines; a container that never ran has an empty log. */
export function readLogTail(path: string, tail?: number): string {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  return tail === undefined ? text : tailLines(text, tail);
}

export function tailLines(text: string, tail: number): string {
  const lines = text.split('\n');
  const trailingNewline = lines.at(-1) === '';
  if (trailingNewline) lines.pop();
  const kept = tail > 0 ? lines.slice(-tail) : [];
  return kept.join('\n') + (trailingNewline && kept.length ? '\n' : '');
}

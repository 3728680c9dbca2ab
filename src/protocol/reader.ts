/**
 * The strict readers every protocol parser is built from. Each looks at its
 * value once (no regular expressions, no re-scans), so a parse is linear in
 * the size of the message; each throws InvalidMessageError naming the path.
 */
import { MAX_TIMESTAMP_MS } from './bounds.js';
import { InvalidMessageError } from './invalid-message-error.js';

export type Fields = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object whose keys are all in `allowed`; a member set to null counts as absent. */
export function object(value: unknown, path: string, allowed: ReadonlySet<string>): Fields {
  if (!isPlainObject(value)) throw new InvalidMessageError(path, 'must be an object');
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (!allowed.has(key)) throw new InvalidMessageError(join(path, key), 'is not a member of this message');
  }
  return value;
}

export const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
export const present = (v: unknown) => v !== undefined && v !== null;

export function text(value: unknown, path: string, max: number): string {
  if (typeof value !== 'string') throw new InvalidMessageError(path, 'must be a string');
  if (value.length === 0) throw new InvalidMessageError(path, 'must not be empty');
  if (value.length > max) throw new InvalidMessageError(path, `must be at most ${max} characters`);
  return value;
}

/** Free text may be empty (a container exit with no reason). */
export function freeText(value: unknown, path: string, max: number): string {
  if (typeof value !== 'string') throw new InvalidMessageError(path, 'must be a string');
  if (value.length > max) throw new InvalidMessageError(path, `must be at most ${max} characters`);
  return value;
}

export function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new InvalidMessageError(path, 'must be an integer');
  if (value < min || value > max) throw new InvalidMessageError(path, `must be between ${min} and ${max}`);
  return value;
}

export function finite(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidMessageError(path, 'must be a number');
  if (value < min || value > max) throw new InvalidMessageError(path, `must be between ${min} and ${max}`);
  return value;
}

export const port = (value: unknown, path: string) => integer(value, path, 0, 65535);

/** Epoch milliseconds. */
export const timestamp = (value: unknown, path: string) => finite(value, path, 0, MAX_TIMESTAMP_MS);

export function bool(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidMessageError(path, 'must be true or false');
  return value;
}

export function enumValue<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidMessageError(path, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function list<T>(value: unknown, path: string, max: number, item: (v: unknown, path: string) => T): T[] {
  if (!Array.isArray(value)) throw new InvalidMessageError(path, 'must be a list');
  if (value.length > max) throw new InvalidMessageError(path, `must hold at most ${max} items`);
  return value.map((v, i) => item(v, `${path}[${i}]`));
}

/** `key` of every item must be unique: each task (or container) appears once per message. */
export function unique<T>(items: readonly T[], path: string, key: (t: T) => string, what: string): T[] {
  const seen = new Set<string>();
  items.forEach((t, i) => {
    const k = key(t);
    if (seen.has(k)) throw new InvalidMessageError(`${path}[${i}]`, `repeats a ${what} listed before`);
    seen.add(k);
  });
  return [...items];
}

/** Any JSON value nested at most `depth` levels (a container definition member the control plane validated against the ECS model). */
export function jsonValue(value: unknown, path: string, depth: number): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return finite(value, path, -Number.MAX_VALUE, Number.MAX_VALUE);
  if (depth === 0) throw new InvalidMessageError(path, 'is nested too deeply');
  if (Array.isArray(value)) {
    value.forEach((v, i) => jsonValue(v, `${path}[${i}]`, depth - 1));
    return value;
  }
  if (!isPlainObject(value)) throw new InvalidMessageError(path, 'must be a JSON value');
  for (const key in value) if (Object.hasOwn(value, key)) jsonValue(value[key], join(path, key), depth - 1);
  return value;
}

/** Cuts `s` to `max` characters without splitting a surrogate pair: senders fit free text to the bound. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.charCodeAt(max - 1) >= 0xd800 && s.charCodeAt(max - 1) <= 0xdbff ? max - 1 : max;
  return s.slice(0, cut);
}

import { RequestRefused } from '../refusal.js';
import type { JsonSizeQuota, ShapeNode } from './compile.js';

/**
 * Validates a parsed request body against an operation's input shape and
 * returns a clean copy holding only model members (explicit nulls dropped, as
 * AWS treats them as absent). One pass, linear in the input's size: a list or
 * string over its limit is refused before its items or characters are looked
 * at, and patterns run on linear-time matchers, after the length check.
 *
 * - JSON of the wrong kind, a member the model does not have, a number the
 *   type cannot hold (1e309, 1e30 for an int, -0, 1.5 for an integer) or text
 *   that is not valid Unicode: `serialization` (the AWS JSON protocol cannot
 *   deserialize it).
 * - A value of the right kind that breaks a constraint (required, length,
 *   range, enum, pattern): `validation`, worded like AWS's messages and
 *   listing up to ten problems.
 * - Over a JSON size quota: `quota`.
 */
export function validateInput(shape: ShapeNode | undefined, input: unknown): unknown {
  const walk = new Walk();
  if (!shape) {
    if (!isObject(input) || Object.keys(input).length) throw walk.serialization('', 'an empty object (this operation takes no input)');
    return {};
  }
  const out = walk.check(shape, input, '');
  if (walk.problems.length) {
    const n = walk.problems.length;
    throw new RequestRefused('validation', `${n} validation error${n > 1 ? 's' : ''} detected: ${walk.problems.slice(0, 10).join('; ')}`);
  }
  return out;
}

/** Java's int (ECS `Integer`), and the longs a JavaScript number holds exactly. */
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
/** ±8.64e12 s: the range of a JavaScript Date, far beyond any timestamp a request means. */
const MAX_EPOCH_SECONDS = 8.64e12;

/** No lone surrogates: such text has no UTF-8 form, so no AWS service (or DynamoDB) could receive it. */
function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff) return false;
    const next = s.charCodeAt(i + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}

/** Padded base64, checked character by character. */
function isBase64(s: string): boolean {
  if (s.length % 4 !== 0) return false;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  for (let i = 0; i < s.length - pad; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return true;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

/** A short, bounded rendering of a value for messages: never the whole of a huge value. */
function show(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 64 ? `${v.slice(0, 64)}…` : v}'`;
  if (Array.isArray(v)) return `'[${v.length} items]'`;
  if (isObject(v)) return `'{…}'`;
  return `'${String(v)}'`;
}

class Walk {
  readonly problems: string[] = [];

  serialization(path: string, expected: string): RequestRefused {
    return new RequestRefused('serialization', `Expected ${expected} at '${path || 'input'}'.`);
  }

  private constraint(value: unknown, path: string, rule: string) {
    this.problems.push(`Value ${show(value)} at '${path}' failed to satisfy constraint: ${rule}`);
  }

  private required(path: string) {
    this.problems.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
  }

  /** min/max as lengths; false when over the maximum, so the caller skips the contents. */
  private length(node: { min?: number; max?: number }, length: number, value: unknown, path: string): boolean {
    if (node.min !== undefined && length < node.min) {
      this.constraint(value, path, `Member must have length greater than or equal to ${node.min}`);
    }
    if (node.max !== undefined && length > node.max) {
      this.constraint(value, path, `Member must have length less than or equal to ${node.max}`);
      return false;
    }
    return true;
  }

  private range(node: { min?: number; max?: number }, value: number, path: string) {
    if (node.min !== undefined && value < node.min)
      this.constraint(value, path, `Member must have value greater than or equal to ${node.min}`);
    if (node.max !== undefined && value > node.max)
      this.constraint(value, path, `Member must have value less than or equal to ${node.max}`);
  }

  check(node: ShapeNode, value: unknown, path: string): unknown {
    switch (node.type) {
      case 'structure':
        return this.structure(node, value, path);
      case 'list': {
        if (!Array.isArray(value)) throw this.serialization(path, 'a list');
        if (!this.length(node, value.length, value, path)) return value;
        const out = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const at = `${path}.${i + 1}`;
          if (value[i] === null) this.required(at);
          else out[i] = this.check(node.member, value[i], at);
        }
        if (node.json && !this.problems.length) this.jsonSize(node.json, out);
        return out;
      }
      case 'map': {
        if (!isObject(value)) throw this.serialization(path, 'a map');
        const keys = Object.keys(value);
        if (!this.length(node, keys.length, value, path)) return value;
        const out: Record<string, unknown> = {};
        for (const k of keys) {
          // lib-dynamodb (and any `obj[k] = v` copy) turns a `__proto__` key into a prototype: it cannot be stored faithfully.
          if (k === '__proto__') {
            this.constraint(k, `${path}.key`, 'Member must not be the reserved key __proto__');
            continue;
          }
          this.check(node.key, k, `${path}.key`);
          if (value[k] === null) this.required(join(path, k));
          else out[k] = this.check(node.value, value[k], join(path, k));
        }
        return out;
      }
      case 'string': {
        if (typeof value !== 'string') throw this.serialization(path, 'a string');
        if (!isWellFormed(value)) throw new RequestRefused('serialization', `The string at '${path}' is not valid Unicode text.`);
        if (!this.length(node, value.length, value, path)) return value;
        if (node.enum && !node.enum.has(value)) {
          this.constraint(value, path, `Member must satisfy enum value set: [${node.enumText}]`);
        } else if (node.pattern && !node.pattern.test(value)) {
          this.constraint(value, path, `Member must satisfy regular expression pattern: ${node.pattern.source}`);
        }
        return value;
      }
      case 'integer':
      case 'long': {
        const [lo, hi] = node.type === 'integer' ? [INT_MIN, INT_MAX] : [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
        if (typeof value !== 'number' || !Number.isInteger(value) || Object.is(value, -0) || value < lo || value > hi) {
          throw this.serialization(path, `an integer from ${lo} to ${hi}`);
        }
        this.range(node, value, path);
        return value;
      }
      case 'double':
      case 'float':
        if (typeof value !== 'number' || !Number.isFinite(value)) throw this.serialization(path, 'a finite number');
        this.range(node, value, path);
        return value;
      case 'boolean':
        if (typeof value !== 'boolean') throw this.serialization(path, 'a boolean');
        return value;
      case 'timestamp':
        if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > MAX_EPOCH_SECONDS) {
          throw this.serialization(path, 'a timestamp in epoch seconds');
        }
        return value;
      case 'blob':
        if (typeof value !== 'string' || !isBase64(value)) throw this.serialization(path, 'base64 data');
        return value;
      case 'document':
        return value;
    }
  }

  private structure(node: Extract<ShapeNode, { type: 'structure' }>, value: unknown, path: string): unknown {
    if (!isObject(value)) throw this.serialization(path, 'an object');
    const out: Record<string, unknown> = {};
    let set = 0;
    for (const k of Object.keys(value)) {
      const member = node.members.get(k);
      if (!member) {
        const shown = k.length > 64 ? `${k.slice(0, 64)}…` : k;
        throw new RequestRefused(
          'serialization',
          `Unknown member '${shown}' at '${path || 'input'}': the model of ${node.name} has no such member.`,
        );
      }
      if (value[k] === null) continue;
      out[k] = this.check(member, value[k], join(path, k));
      set++;
    }
    for (const r of node.required) if (!Object.hasOwn(out, r)) this.required(join(path, r));
    if (node.union && set !== 1) this.constraint(value, path || 'input', 'Exactly one member must be set');
    if (node.json && !this.problems.length) this.jsonSize(node.json, out);
    return out;
  }

  private jsonSize(q: JsonSizeQuota, value: unknown) {
    let counted = value;
    if (q.excludeMembers && isObject(value)) {
      const copy = { ...value };
      for (const m of q.excludeMembers) delete copy[m];
      counted = copy;
    }
    const json = JSON.stringify(counted);
    const size = q.unit === 'bytes' ? Buffer.byteLength(json) : json.length;
    if (size > q.max) {
      throw new RequestRefused(
        'quota',
        `The ${q.what} is too large. Actual length: '${size}'. Max allowed length is '${q.max}' ${q.unit}.`,
      );
    }
  }
}

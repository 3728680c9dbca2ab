import type { ShapeNode } from '../../src/api/model/compile.js';
import { randomIndex, type Random } from '../../src/scheduler/placement/random.js';

/**
 * Random values that satisfy a shape of the model (types, lengths, ranges,
 * enums, patterns): what the fuzzer adds when it fills optional members.
 * `undefined` when it cannot make one (a pattern its alphabet cannot meet).
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export const pick = <T>(random: Random, items: readonly T[]): T => items[randomIndex(random, items.length)];
export const between = (random: Random, lo: number, hi: number) => lo + randomIndex(random, hi - lo + 1);

export function randomWord(random: Random, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[randomIndex(random, ALPHABET.length)];
  return s;
}

export function validValue(node: ShapeNode, random: Random, depth = 0): unknown {
  switch (node.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      const members = [...node.members.entries()];
      if (node.union) {
        const [name, m] = pick(random, members);
        const v = validValue(m, random, depth + 1);
        return v === undefined ? undefined : { [name]: v };
      }
      for (const [name, m] of members) {
        const required = node.required.includes(name);
        if (!required && (depth >= 3 || random() > 0.2)) continue;
        const v = validValue(m, random, depth + 1);
        if (v === undefined) {
          if (required) return undefined;
          continue;
        }
        out[name] = v;
      }
      return out;
    }
    case 'list': {
      const n = between(random, node.min ?? 0, Math.max(node.min ?? 0, Math.min(node.max ?? 3, 3)));
      const items = Array.from({ length: n }, () => validValue(node.member, random, depth + 1));
      return items.includes(undefined) ? undefined : items;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (let i = between(random, node.min ?? 0, Math.min(node.max ?? 2, 2)); i > 0; i--) {
        const k = validValue(node.key, random, depth + 1);
        const v = validValue(node.value, random, depth + 1);
        if (typeof k === 'string' && v !== undefined && k !== '__proto__') out[k] = v;
      }
      return out;
    }
    case 'string': {
      if (node.enum) return pick(random, [...node.enum]);
      const lo = node.min ?? 1;
      const s = randomWord(random, between(random, lo, Math.max(lo, Math.min(node.max ?? 12, 12))));
      return !node.pattern || node.pattern.test(s) ? s : undefined;
    }
    case 'integer':
    case 'long':
      return between(random, Math.max(node.min ?? 0, -1000), Math.min(node.max ?? 1000, 1000));
    case 'double':
    case 'float':
      return Math.max(node.min ?? 0, Math.min(node.max ?? 100, Math.round(random() * 10000) / 100));
    case 'boolean':
      return random() < 0.5;
    case 'timestamp':
      return 1.7e9 + randomIndex(random, 1e6);
    case 'blob':
      return 'QUJD';
    case 'document':
      return {};
  }
}

import type { ShapeNode } from '../../src/api/model/compile.js';
import { randomIndex, type Random } from '../../src/scheduler/placement/random.js';
import { between, pick, randomWord, validValue } from './model-values.js';

/**
 * Model-driven mutations of a valid request. An `invalid` mutation breaks the
 * model (or a documented quota merged into it) by construction — the fuzzer
 * knows it must be refused without asking the validator; a `valid` one keeps
 * the request within the model (the use case may still refuse it).
 */
export interface Mutation {
  label: string;
  /** The body as sent: JSON text, possibly with raw number tokens JSON.stringify cannot write. */
  body: string;
}

type Path = (string | number)[];
interface Site {
  path: Path;
  node: ShapeNode;
  /** A structure member the model requires. */
  required: boolean;
}

const RAW = '@@raw:';
/** JSON text with `"@@raw:<token>"` strings replaced by the bare token (1e309, -0, …). */
export const toJson = (value: unknown) => JSON.stringify(value).replace(/"@@raw:([^"]*)"/g, '$1');
const raw = (token: string) => `${RAW}${token}`;

const UNKNOWN_NAMES = ['__proto__', 'constructor', 'toString', 'prototype', 'valueOf', 'hasOwnProperty', 'fuzzUnknownMember'];

function sitesOf(node: ShapeNode, value: unknown, path: Path, required: boolean, out: Site[]): Site[] {
  out.push({ path, node, required });
  if (node.type === 'structure' && value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const m = node.members.get(k);
      if (m && v !== null) sitesOf(m, v, [...path, k], node.required.includes(k), out);
    }
  } else if (node.type === 'list' && Array.isArray(value)) {
    value.forEach((v, i) => sitesOf(node.member, v, [...path, i], false, out));
  } else if (node.type === 'map' && value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) sitesOf(node.value, v, [...path, k], false, out);
  }
  return out;
}

const clone = <T>(v: T): T => structuredClone(v);
const show = (p: Path) => p.join('.') || 'input';

function setAt(root: any, path: Path, value: unknown): any {
  if (path.length === 0) return value;
  let at = root;
  for (const k of path.slice(0, -1)) at = at[k];
  Object.defineProperty(at, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
  return root;
}
function deleteAt(root: any, path: Path): any {
  let at = root;
  for (const k of path.slice(0, -1)) at = at[k];
  delete at[path[path.length - 1]];
  return root;
}
const valueAt = (root: any, path: Path) => path.reduce((v, k) => v?.[k], root);

function deep(levels: number): string {
  return raw(`${'['.repeat(levels)}${']'.repeat(levels)}`);
}

/** Values of the wrong JSON type for a node. */
function wrongTypes(node: ShapeNode): unknown[] {
  switch (node.type) {
    case 'string':
      return [123, true, { a: 'b' }, ['x']];
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return ['12', true, { n: 1 }, [1]];
    case 'timestamp':
      return ['2025-01-01T00:00:00Z', true, 'NaN'];
    case 'boolean':
      return ['true', 1, [true]];
    case 'list':
      return [{ a: 1 }, 'x', 5];
    case 'structure':
      return [['x'], 'x', 5, true];
    case 'map':
      return [['x'], 'x', 5];
    case 'blob':
      return [5, 'not base64!'];
    case 'document':
      return [];
  }
}

type Maker = (site: Site, root: unknown, random: Random) => Mutation | undefined;

const INVALID: Record<string, Maker> = {
  'wrong-type': (s, root, r) => {
    const choices = wrongTypes(s.node);
    if (!choices.length) return undefined;
    return { label: `wrong type at ${show(s.path)}`, body: toJson(setAt(clone(root), s.path, pick(r, choices))) };
  },
  'unknown-member': (s, root, r) =>
    s.node.type === 'structure'
      ? (() => {
          const name = pick(r, UNKNOWN_NAMES);
          return {
            label: `unknown member ${name} at ${show(s.path)}`,
            body: toJson(setAt(clone(root), [...s.path, name], { polluted: true })),
          };
        })()
      : undefined,
  'missing-required': (s, root) =>
    s.required && s.path.length ? { label: `required ${show(s.path)} missing`, body: toJson(deleteAt(clone(root), s.path)) } : undefined,
  'string-too-long': (s, root) =>
    s.node.type === 'string' && s.node.max !== undefined && !s.node.enum
      ? { label: `${show(s.path)} over ${s.node.max} characters`, body: toJson(setAt(clone(root), s.path, 'x'.repeat(s.node.max + 1))) }
      : undefined,
  'string-too-short': (s, root) =>
    s.node.type === 'string' && (s.node.min ?? 0) >= 1
      ? { label: `${show(s.path)} under its minimum`, body: toJson(setAt(clone(root), s.path, '')) }
      : undefined,
  enum: (s, root) =>
    s.node.type === 'string' && s.node.enum
      ? { label: `${show(s.path)} outside its enum`, body: toJson(setAt(clone(root), s.path, 'NOT_AN_ENUM_VALUE')) }
      : undefined,
  pattern: (s, root) => {
    if (s.node.type !== 'string' || !s.node.pattern || s.node.enum) return undefined;
    const bad = 'bad\u0001value|:'.slice(0, Math.max(s.node.min ?? 1, Math.min(s.node.max ?? 14, 14)));
    return s.node.pattern.test(bad)
      ? undefined
      : { label: `${show(s.path)} against its pattern`, body: toJson(setAt(clone(root), s.path, bad)) };
  },
  surrogate: (s, root) =>
    s.node.type === 'string'
      ? { label: `lone surrogate in ${show(s.path)}`, body: toJson(setAt(clone(root), s.path, 'ab\ud800cd')) }
      : undefined,
  'number-edge': (s, root, r) => {
    const t = s.node.type;
    if (t !== 'integer' && t !== 'long' && t !== 'double' && t !== 'float' && t !== 'timestamp') return undefined;
    const edges =
      t === 'integer'
        ? ['1e309', '-1e309', '-0', '1.5', '2147483648', '-2147483649', '1e30']
        : t === 'long'
          ? ['1e309', '-0', '1.5', '9007199254740993', '1e30']
          : ['1e309', '-1e309'];
    const token = pick(r, edges);
    return { label: `${token} at ${show(s.path)} (${t})`, body: toJson(setAt(clone(root), s.path, raw(token))) };
  },
  range: (s, root, r) => {
    if (s.node.type !== 'integer' && s.node.type !== 'long' && s.node.type !== 'double' && s.node.type !== 'float') return undefined;
    const options = [s.node.min !== undefined ? s.node.min - 1 : undefined, s.node.max !== undefined ? s.node.max + 1 : undefined].filter(
      (v) => v !== undefined,
    );
    if (!options.length) return undefined;
    const v = pick(r, options);
    return { label: `${show(s.path)} = ${v}, outside [${s.node.min}, ${s.node.max}]`, body: toJson(setAt(clone(root), s.path, v)) };
  },
  'list-too-long': (s, root, r) => {
    if (s.node.type !== 'list' || s.node.max === undefined) return undefined;
    const current = valueAt(root, s.path) as unknown[];
    const item = current[0] ?? validValue(s.node.member, r);
    if (item === undefined) return undefined;
    const n = r() < 0.8 ? s.node.max + 1 : pick(r, [10_000, 100_000]);
    return {
      label: `${show(s.path)} with ${n} items (max ${s.node.max})`,
      body: toJson(
        setAt(
          clone(root),
          s.path,
          Array.from({ length: n }, () => item),
        ),
      ),
    };
  },
  'null-item': (s, root) =>
    s.node.type === 'list'
      ? { label: `null item in ${show(s.path)}`, body: toJson(setAt(clone(root), s.path, [...(valueAt(root, s.path) as unknown[]), null])) }
      : undefined,
  'proto-key': (s, root) => {
    if (s.node.type !== 'map') return undefined;
    // An own `__proto__` key, as JSON.parse makes it from `{"__proto__": …}` (JSON.stringify writes own keys).
    const map = { ...(valueAt(root, s.path) as object) };
    Object.defineProperty(map, '__proto__', { value: 'x', enumerable: true, writable: true, configurable: true });
    return { label: `__proto__ key in map ${show(s.path)}`, body: toJson(setAt(clone(root), s.path, map)) };
  },
  deep: (s, root, r) => {
    if (s.node.type !== 'structure') return undefined;
    const levels = pick(r, [33, 100, 10_000]);
    return {
      label: `unknown member nested ${levels} deep at ${show(s.path)}`,
      body: toJson(setAt(clone(root), [...s.path, 'nested'], deep(levels))),
    };
  },
  'huge-string': (s, root, r) =>
    s.node.type === 'string'
      ? {
          label: `${show(s.path)} of ~${between(r, 3, 10)}00 KB`,
          body: toJson(setAt(clone(root), s.path, 'x'.repeat(between(r, 300_000, 1_000_000)))),
        }
      : undefined,
};

/** Whole bodies that are not the input object at all. */
const NOT_AN_OBJECT = [
  '[]',
  '"x"',
  '5',
  'null',
  'true',
  '{"a":',
  '{"a":1}{"b":2}',
  '\ufeff{}',
  '{"a":1,}',
  "{'a':1}",
  'NaN',
  '{"maxResults":Infinity}',
];

export function invalidMutation(input: ShapeNode, seed: Record<string, unknown>, random: Random): Mutation {
  if (random() < 0.05) {
    const body = pick(random, NOT_AN_OBJECT);
    return { label: `body ${JSON.stringify(body)}`, body };
  }
  const sites = sitesOf(input, seed, [], false, []);
  const kinds = Object.keys(INVALID);
  for (let attempt = 0; attempt < 50; attempt++) {
    const m = INVALID[pick(random, kinds)](pick(random, sites), seed, random);
    if (m) return m;
  }
  return INVALID['unknown-member']({ path: [], node: input, required: false }, seed, random)!;
}

/** Mutations that stay inside the model. */
export function validMutation(input: ShapeNode, seed: Record<string, unknown>, random: Random): Mutation {
  const sites = sitesOf(input, seed, [], false, []);
  const kind = pick(random, ['seed', 'drop-optional', 'fill-optional', 'fill-optional', 'reword', 'renumber']);
  const site = pick(random, sites);
  const root = clone(seed);
  if (kind === 'drop-optional' && site.path.length && !site.required && typeof site.path[site.path.length - 1] === 'string') {
    return { label: `without ${show(site.path)}`, body: toJson(deleteAt(root, site.path)) };
  }
  if (kind === 'fill-optional' && site.node.type === 'structure') {
    const absent = [...site.node.members.keys()].filter((k) => !Object.hasOwn(valueAt(root, site.path) ?? {}, k));
    if (absent.length) {
      const name = pick(random, absent);
      const v = validValue(site.node.members.get(name)!, random, 1);
      if (v !== undefined) return { label: `with ${show([...site.path, name])}`, body: toJson(setAt(root, [...site.path, name], v)) };
    }
  }
  if (kind === 'reword' && site.node.type === 'string') {
    const v = site.node.enum
      ? pick(random, [...site.node.enum])
      : randomWord(random, Math.max(site.node.min ?? 1, Math.min(site.node.max ?? 20, 1 + randomIndex(random, 20))));
    if (!site.node.pattern || site.node.pattern.test(v))
      return { label: `${show(site.path)} reworded`, body: toJson(setAt(root, site.path, v)) };
  }
  if (kind === 'renumber' && (site.node.type === 'integer' || site.node.type === 'long')) {
    const v = validValue(site.node, random);
    return { label: `${show(site.path)} = ${v}`, body: toJson(setAt(root, site.path, v)) };
  }
  return { label: 'as seeded', body: toJson(root) };
}

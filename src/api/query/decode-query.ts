import type { RawModel, RawShape, RawShapeRef } from '../model/botocore.js';
import { ownShape } from '../model/own.js';

/**
 * Decodes a query-protocol request (`Action=X&Version=Y&A.member.1.B=…`) into
 * the same input object the JSON protocols carry, following botocore's
 * QuerySerializer: members by serialization name, lists as `Name.member.N`
 * (or `Name.N` when flattened), maps as `Name.entry.N.key/value`, an empty
 * list as `Name=`. Scalars are typed from the model: integers and doubles
 * become numbers, booleans booleans, timestamps epoch seconds (as AWS JSON
 * carries them), so one handler serves both protocols. Parameters the model
 * does not know are ignored, as AWS does. A value of the wrong type is a
 * QueryDecodeError naming the parameter.
 */
export class QueryDecodeError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

interface Node {
  value?: string;
  children?: Map<string, Node>;
}

/** Form parameters as a tree on their dotted names, built in one pass. */
function tree(params: Iterable<[string, string]>): Node {
  const root: Node = {};
  for (const [name, value] of params) {
    let node = root;
    for (const part of name.split('.')) {
      node.children ??= new Map();
      let next = node.children.get(part);
      if (!next) node.children.set(part, (next = {}));
      node = next;
    }
    node.value = value;
  }
  return root;
}

export function decodeQuery(model: RawModel, inputShape: string | undefined, params: Iterable<[string, string]>): Record<string, unknown> {
  if (!inputShape) return {};
  return decodeStructure(model, ownShape(model, inputShape), tree(params), '') ?? {};
}

function decodeStructure(model: RawModel, shape: RawShape, node: Node, path: string): Record<string, unknown> | undefined {
  if (!node.children) return node.value === undefined ? undefined : {};
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const key = ref.locationName ?? name;
    const child = node.children.get(key);
    if (!child) continue;
    const value = decodeValue(model, ref, child, join(path, key));
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function decodeValue(model: RawModel, ref: RawShapeRef, node: Node, path: string): unknown {
  const shape = ownShape(model, ref.shape);
  switch (shape.type) {
    case 'structure':
      return decodeStructure(model, shape, node, path);
    case 'list':
      return decodeList(model, shape, ref, node, path);
    case 'map':
      return decodeMap(model, shape, node, path);
    default:
      return node.value === undefined ? undefined : scalar(shape, node.value, path);
  }
}

/** `Name.member.N` (or `Name.N` flattened); indexes in numeric order, as the client numbered them from 1. */
function decodeList(model: RawModel, shape: RawShape, ref: RawShapeRef, node: Node, path: string): unknown[] | undefined {
  const member = shape.member!;
  const flattened = shape.flattened || ref.flattened;
  const items = flattened ? node : node.children?.get(member.locationName ?? 'member');
  if (!items?.children) return node.value !== undefined || items ? [] : undefined;
  return indexed(items, path).map(([i, child]) => decodeValue(model, member, child, `${path}.member.${i}`));
}

function decodeMap(model: RawModel, shape: RawShape, node: Node, path: string): Record<string, unknown> | undefined {
  const entries = shape.flattened ? node : node.children?.get('entry');
  if (!entries?.children) return node.value !== undefined ? {} : undefined;
  const out: Record<string, unknown> = Object.create(null);
  const keyName = shape.key!.locationName ?? 'key';
  const valueName = shape.value!.locationName ?? 'value';
  for (const [i, entry] of indexed(entries, path)) {
    const k = entry.children?.get(keyName)?.value;
    if (k === undefined) throw new QueryDecodeError(`${path}.entry.${i}`, `Missing ${keyName} at '${path}.entry.${i}'.`);
    const v = entry.children?.get(valueName);
    out[k] = v ? decodeValue(model, shape.value!, v, `${path}.entry.${i}.${valueName}`) : undefined;
  }
  return { ...out };
}

function indexed(node: Node, path: string): [number, Node][] {
  const out: [number, Node][] = [];
  for (const [k, child] of node.children!) {
    if (!/^[1-9]\d{0,5}$/.test(k)) throw new QueryDecodeError(`${path}.${k}`, `Unexpected list index '${k}' at '${path}'.`);
    out.push([Number(k), child]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

function scalar(shape: RawShape, raw: string, path: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long': {
      const n = /^[-+]?\d{1,16}$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(n)) throw new QueryDecodeError(path, `Invalid integer value '${clip(raw)}' for ${path}.`);
      return n;
    }
    case 'double':
    case 'float': {
      const n = raw.trim() === '' || raw.length > 64 ? NaN : Number(raw);
      if (!Number.isFinite(n)) throw new QueryDecodeError(path, `Invalid number value '${clip(raw)}' for ${path}.`);
      return n;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw new QueryDecodeError(path, `Invalid boolean value '${clip(raw)}' for ${path}.`);
      return raw === 'true';
    case 'timestamp': {
      const seconds = /^\d{1,12}(\.\d{1,6})?$/.test(raw) ? Number(raw) : Date.parse(raw) / 1000;
      if (raw.length > 64 || !Number.isFinite(seconds))
        throw new QueryDecodeError(path, `Invalid timestamp value '${clip(raw)}' for ${path}.`);
      return seconds;
    }
    default:
      return raw;
  }
}

const clip = (s: string) => (s.length > 64 ? `${s.slice(0, 64)}…` : s);
const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

import type { RawModel, RawModelMetadata, RawShape } from './botocore.js';
import { compilePattern, type Pattern } from './pattern.js';

/**
 * A botocore model compiled for validation: every lookup is a Map (never a
 * property of a plain object, so `constructor`, `toString` or `__proto__`
 * find nothing), patterns are compiled once into linear-time matchers, and a
 * service's documented quotas that the model does not carry (ECS: "up to 100
 * cluster names", "10 containers per task definition", …) are merged in as
 * tighter limits on the member that has them.
 */
export type ShapeNode =
  | { type: 'structure'; name: string; members: Map<string, ShapeNode>; required: readonly string[]; union: boolean; json?: JsonSizeQuota }
  | { type: 'list'; name: string; member: ShapeNode; min?: number; max?: number; json?: JsonSizeQuota }
  | { type: 'map'; name: string; key: ShapeNode; value: ShapeNode; min?: number; max?: number }
  | { type: 'string'; name: string; min?: number; max?: number; enum?: ReadonlySet<string>; enumText?: string; pattern?: Pattern }
  | { type: 'integer' | 'long' | 'double' | 'float'; name: string; min?: number; max?: number }
  | { type: 'boolean' | 'timestamp' | 'blob' | 'document'; name: string };

/** A cap on a value's compact JSON size (ECS: a task definition ≤ 64 KiB, RunTask overrides ≤ 8192 characters). */
export interface JsonSizeQuota {
  max: number;
  /** What `max` counts in the compact JSON: UTF-8 bytes or characters, as the documentation words it. */
  unit: 'bytes' | 'characters';
  /** Members not counted (e.g. tags, which are not part of the task definition). */
  excludeMembers?: readonly string[];
  /** How the refusal names it, e.g. "task definition". */
  what: string;
}

/**
 * A documented limit the model lacks, keyed `Shape.member` (or `Shape` for a
 * whole operation input). Limits only ever tighten the model's.
 */
export interface Quota {
  min?: number;
  max?: number;
  json?: JsonSizeQuota;
  /** Where the number comes from (documentation page, quota name): kept next to the number. */
  source: string;
}
export type QuotaOverlay = Readonly<Record<string, Quota>>;

export interface CompiledOperation {
  name: string;
  input?: ShapeNode;
}

export interface CompiledModel {
  metadata: RawModelMetadata;
  operations: ReadonlyMap<string, CompiledOperation>;
  /** Error shape names the service may answer with. */
  errors: ReadonlySet<string>;
  /** Deepest JSON nesting a valid input can have (for the depth cap's sanity check). */
  maxInputDepth: number;
}

export function compileModel(raw: RawModel, quotas: QuotaOverlay = {}): CompiledModel {
  const shapes = new Map(Object.entries(raw.shapes));
  const compiled = new Map<string, ShapeNode>();
  const usedQuotas = new Set<string>();

  const quotaFor = (key: string) => {
    if (!Object.hasOwn(quotas, key)) return undefined;
    usedQuotas.add(key);
    return quotas[key];
  };

  const shapeNamed = (name: string): ShapeNode => {
    const done = compiled.get(name);
    if (done) return done;
    const s = shapes.get(name);
    if (!s) throw new Error(`model: shape ${name} is referenced but not defined`);
    const node = baseNode(name, s);
    compiled.set(name, node); // before linking members: recursive shapes close their cycle here
    link(node, s);
    return node;
  };

  const link = (node: ShapeNode, s: RawShape) => {
    if (node.type === 'structure') {
      for (const [member, ref] of Object.entries(s.members ?? {})) {
        const q = quotaFor(`${node.name}.${member}`);
        node.members.set(member, q ? tighten(shapeNamed(ref.shape), q, `${node.name}.${member}`) : shapeNamed(ref.shape));
      }
    } else if (node.type === 'list') node.member = shapeNamed(s.member!.shape);
    else if (node.type === 'map') {
      node.key = shapeNamed(s.key!.shape);
      node.value = shapeNamed(s.value!.shape);
    }
  };

  const operations = new Map<string, CompiledOperation>();
  for (const [name, op] of Object.entries(raw.operations)) {
    let input = op.input ? shapeNamed(op.input) : undefined;
    const q = op.input ? quotaFor(op.input) : undefined;
    if (input && q) input = tighten(input, q, op.input!);
    operations.set(name, { name, input });
  }
  const unused = Object.keys(quotas).filter((k) => !usedQuotas.has(k));
  if (unused.length) throw new Error(`model: quotas name no input shape or member: ${unused.join(', ')}`);

  const errors = new Set(Object.entries(raw.shapes).flatMap(([name, s]) => (s.exception ? [name] : [])));
  const depths = new Map<ShapeNode, number>();
  const maxInputDepth = Math.max(0, ...[...operations.values()].map((o) => (o.input ? depthOf(o.input, new Set(), depths) : 0)));
  return { metadata: raw.metadata, operations, errors, maxInputDepth };
}

function baseNode(name: string, s: RawShape): ShapeNode {
  switch (s.type) {
    case 'structure':
      if (s.document) return { type: 'document', name };
      return { type: 'structure', name, members: new Map(), required: s.required ?? [], union: s.union === true };
    case 'list':
      return { type: 'list', name, member: undefined as unknown as ShapeNode, min: s.min, max: s.max };
    case 'map':
      return {
        type: 'map',
        name,
        key: undefined as unknown as ShapeNode,
        value: undefined as unknown as ShapeNode,
        min: s.min,
        max: s.max,
      };
    case 'string':
      return {
        type: 'string',
        name,
        min: s.min,
        max: s.max,
        enum: s.enum ? new Set(s.enum) : undefined,
        enumText: s.enum?.join(', '),
        pattern: s.pattern !== undefined ? compilePattern(s.pattern) : undefined,
      };
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return { type: s.type, name, min: s.min, max: s.max };
    case 'boolean':
    case 'timestamp':
    case 'blob':
      return { type: s.type, name };
    default:
      throw new Error(`model: shape ${name} has unsupported type ${(s as RawShape).type}`);
  }
}

/** A copy of `node` with the quota's limits (each only tighter than the model's). */
function tighten(node: ShapeNode, q: Quota, where: string): ShapeNode {
  if (q.json) {
    if (node.type !== 'structure' && node.type !== 'list') throw new Error(`model: JSON size quota on ${where}, a ${node.type}`);
    return { ...node, json: q.json };
  }
  if (!('min' in node) && !('max' in node) && node.type !== 'string') throw new Error(`model: quota on ${where}, a ${node.type}`);
  const n = node as { min?: number; max?: number };
  return {
    ...node,
    min: q.min !== undefined ? Math.max(q.min, n.min ?? -Infinity) : n.min,
    max: q.max !== undefined ? Math.min(q.max, n.max ?? Infinity) : n.max,
  } as ShapeNode;
}

/** JSON nesting of a shape's deepest value (Infinity for a recursive shape), memoised: models share shapes widely. */
function depthOf(node: ShapeNode, onPath: Set<ShapeNode>, memo: Map<ShapeNode, number>): number {
  const known = memo.get(node);
  if (known !== undefined) return known;
  if (onPath.has(node)) return Infinity;
  onPath.add(node);
  let d = 0;
  if (node.type === 'structure') for (const m of node.members.values()) d = Math.max(d, depthOf(m, onPath, memo));
  else if (node.type === 'list') d = depthOf(node.member, onPath, memo);
  else if (node.type === 'map') d = depthOf(node.value, onPath, memo);
  onPath.delete(node);
  const depth = node.type === 'structure' || node.type === 'list' || node.type === 'map' ? d + 1 : d;
  memo.set(node, depth);
  return depth;
}

import { EcsError } from '../../domain/errors.js';
import { ownShape, type BotocoreModel, type ModelShape } from './botocore-model.js';

/**
 * Model validation for query-protocol inputs (already typed by decodeQuery):
 * required members, enums, string and list lengths, numeric ranges and
 * patterns, reported as AWS query services word them:
 *   1 validation error detected: Value '1' at 'healthCheckIntervalSeconds' failed to satisfy
 *   constraint: Member must have value greater than or equal to 5
 * Paths use lowerCamel member names, as AWS's messages do.
 */
export function modelValidator(model: BotocoreModel, code = 'ValidationError'): (shapeName: string, input: unknown) => void {
  return (shapeName, input) => {
    const problems: string[] = [];
    check(model, ownShape(model, shapeName), input, '', problems);
    if (problems.length) {
      const n = problems.length;
      throw new EcsError(code, `${n} validation error${n > 1 ? 's' : ''} detected: ${problems.slice(0, 10).join('; ')}`);
    }
  };
}

function check(model: BotocoreModel, shape: ModelShape, value: unknown, path: string, problems: string[]): void {
  switch (shape.type) {
    case 'structure': {
      const obj = (value ?? {}) as Record<string, unknown>;
      for (const name of shape.required ?? []) {
        if (obj[name] === undefined)
          problems.push(`Value null at '${join(path, name)}' failed to satisfy constraint: Member must not be null`);
      }
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (obj[name] !== undefined) check(model, ownShape(model, ref.shape), obj[name], join(path, name), problems);
      }
      return;
    }
    case 'list': {
      const items = value as unknown[];
      length(shape, items.length, `[${items.length} items]`, path, problems);
      const member = ownShape(model, shape.member!.shape);
      items.forEach((item, i) => check(model, member, item, `${path}.${i + 1}.member`, problems));
      return;
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>);
      length(shape, entries.length, `[${entries.length} entries]`, path, problems);
      for (const [k, v] of entries) if (v !== undefined) check(model, ownShape(model, shape.value!.shape), v, `${path}.${k}`, problems);
      return;
    }
    case 'string': {
      const s = value as string;
      if (shape.enum && !shape.enum.includes(s)) {
        problems.push(
          `Value '${clip(s)}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${shape.enum.join(', ')}]`,
        );
      }
      length(shape, s.length, `'${clip(s)}'`, path, problems);
      if (shape.pattern && !patternOf(shape.pattern).test(s)) {
        problems.push(
          `Value '${clip(s)}' at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${shape.pattern}`,
        );
      }
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const n = value as number;
      if (shape.min !== undefined && n < shape.min)
        problems.push(
          `Value '${n}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${shape.min}`,
        );
      if (shape.max !== undefined && n > shape.max)
        problems.push(`Value '${n}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${shape.max}`);
      return;
    }
    default:
      return;
  }
}

function length(shape: ModelShape, n: number, shown: string, path: string, problems: string[]) {
  if (shape.min !== undefined && n < shape.min)
    problems.push(
      `Value ${shown} at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`,
    );
  if (shape.max !== undefined && n > shape.max)
    problems.push(`Value ${shown} at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
}

const compiled = new Map<string, RegExp>();
/** Model patterns are whole-value patterns that may use Unicode classes (\p{L}). */
function patternOf(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) compiled.set(pattern, (re = new RegExp(pattern.startsWith('^') ? pattern : `^(?:${pattern})$`, 'u')));
  return re;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const join = (path: string, name: string) => (path ? `${path}.${lowerFirst(name)}` : lowerFirst(name));
const clip = (s: string) => (s.length > 64 ? `${s.slice(0, 64)}…` : s);

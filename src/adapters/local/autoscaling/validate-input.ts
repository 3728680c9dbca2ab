/**
 * Model checks of a decoded query-protocol input (required members, string
 * lengths, enums, list sizes), worded as AWS words them:
 * "1 validation error detected: Value null at 'autoScalingGroupName' failed to
 * satisfy constraint: Member must not be null".
 */
import { EcsError } from '../../../domain/errors.js';
import { ownShape, type BotocoreModel, type ModelShape } from '../../../api/query/botocore-model.js';

export function modelValidator(model: BotocoreModel, code: string) {
  return (shapeName: string, input: unknown): void => {
    const problems: string[] = [];
    check(model, ownShape(model, shapeName), input, '', problems);
    if (problems.length) {
      const n = problems.length;
      throw new EcsError(code, `${n} validation error${n > 1 ? 's' : ''} detected: ${problems.slice(0, 10).join('; ')}`);
    }
  };
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const join = (path: string, name: string) => (path ? `${path}.${lowerFirst(name)}` : lowerFirst(name));

function check(model: BotocoreModel, shape: ModelShape, value: unknown, path: string, problems: string[]): void {
  if (value === undefined || value === null) return;
  switch (shape.type) {
    case 'structure':
      for (const name of shape.required ?? []) {
        const v = (value as Record<string, unknown>)[name];
        if (v === undefined || v === null)
          problems.push(`Value null at '${join(path, name)}' failed to satisfy constraint: Member must not be null`);
      }
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        check(model, ownShape(model, ref.shape), (value as Record<string, unknown>)[name], join(path, name), problems);
      }
      return;
    case 'list': {
      const items = value as unknown[];
      if (shape.max !== undefined && items.length > shape.max) {
        problems.push(`Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
      }
      if (shape.min !== undefined && items.length < shape.min) {
        problems.push(`Value at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`);
      }
      items.forEach((item, i) => check(model, ownShape(model, shape.member!.shape), item, `${path}.${i + 1}`, problems));
      return;
    }
    case 'string': {
      const s = value as string;
      if (shape.max !== undefined && s.length > shape.max) {
        problems.push(`Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
      }
      if (shape.min !== undefined && s.length < shape.min) {
        problems.push(`Value at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`);
      }
      if (shape.enum && !shape.enum.includes(s)) {
        problems.push(
          `Value '${s.slice(0, 64)}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${shape.enum.join(', ')}]`,
        );
      }
      return;
    }
    case 'integer':
    case 'long': {
      const n = value as number;
      if (shape.max !== undefined && n > shape.max)
        problems.push(`Value '${n}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${shape.max}`);
      if (shape.min !== undefined && n < shape.min)
        problems.push(
          `Value '${n}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${shape.min}`,
        );
      return;
    }
    default:
      return;
  }
}

import { EcsError, invalidParameter } from '../domain/errors.js';
import { shapes as ecsShapes, type Shape } from './model/model.js';

/**
 * Validates a request body against its input shape in the ECS model.
 * JSON of the wrong kind is a SerializationException (the AWS JSON protocol
 * fails to deserialize it); a value of the right kind that breaks a model
 * constraint (required, enum, length, range) is an InvalidParameterException,
 * worded like AWS's validation messages. Unknown members are ignored, as AWS
 * JSON services do for forward compatibility.
 */
export function validateInput(shapeName: string, input: unknown): void {
  validateAgainst(ecsShapes, shapeName, input, invalidParameter);
}

/**
 * The same checks against any botocore model's shapes (Application Auto
 * Scaling, the CloudWatch twin); `refuse` builds the service's own error
 * (ValidationException, ValidationError) from the message.
 */
export function validateAgainst(
  shapes: Readonly<Record<string, Shape>>,
  shapeName: string,
  input: unknown,
  refuse: (message: string) => EcsError,
): void {
  const problems: string[] = [];
  check(shapes, shapes[shapeName], input, '', problems);
  if (problems.length) {
    const n = problems.length;
    throw refuse(`${n} validation error${n > 1 ? 's' : ''} detected: ${problems.slice(0, 10).join('; ')}`);
  }
}

type Shapes = Readonly<Record<string, Shape>>;

const serialization = (path: string, expected: string) =>
  new EcsError('SerializationException', `Expected ${expected} at '${path || 'input'}'.`);

const describe = (v: unknown) => (typeof v === 'string' ? `'${v.length > 64 ? `${v.slice(0, 64)}…` : v}'` : JSON.stringify(v));

function check(shapes: Shapes, shape: Shape, value: unknown, path: string, problems: string[]): void {
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw serialization(path, 'an object');
      const obj = value as Record<string, unknown>;
      for (const name of shape.required ?? []) {
        if (obj[name] === undefined || obj[name] === null) {
          problems.push(`Value null at '${join(path, name)}' failed to satisfy constraint: Member must not be null`);
        }
      }
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const member = obj[name];
        if (member !== undefined && member !== null) check(shapes, shapes[ref.shape], member, join(path, name), problems);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) throw serialization(path, 'a list');
      lengthRule(shape, value.length, value, path, problems);
      const member = shapes[shape.member!.shape];
      value.forEach((item, i) => {
        if (item === null) problems.push(`Value null at '${path}.${i + 1}' failed to satisfy constraint: Member must not be null`);
        else check(shapes, member, item, `${path}.${i + 1}`, problems);
      });
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw serialization(path, 'a map');
      const entries = Object.entries(value as Record<string, unknown>);
      lengthRule(shape, entries.length, value, path, problems);
      for (const [k, v] of entries) {
        check(shapes, shapes[shape.key!.shape], k, `${path}.key`, problems);
        if (v !== null) check(shapes, shapes[shape.value!.shape], v, `${path}.${k}`, problems);
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') throw serialization(path, 'a string');
      if (shape.enum && !shape.enum.includes(value)) {
        problems.push(
          `Value ${describe(value)} at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${shape.enum.join(', ')}]`,
        );
      }
      lengthRule(shape, value.length, value, path, problems);
      if (shape.pattern && !patternOf(shape.pattern).test(value)) {
        problems.push(
          `Value ${describe(value)} at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${shape.pattern}`,
        );
      }
      return;
    }
    case 'integer':
    case 'long': {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw serialization(path, 'an integer');
      rangeRule(shape, value, path, problems);
      return;
    }
    case 'double':
    case 'float':
      if (typeof value !== 'number') throw serialization(path, 'a number');
      rangeRule(shape, value, path, problems);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw serialization(path, 'a boolean');
      return;
    case 'timestamp':
      if (typeof value !== 'number' && typeof value !== 'string') throw serialization(path, 'a timestamp');
      return;
    case 'blob':
      if (typeof value !== 'string') throw serialization(path, 'base64 data');
      return;
  }
}

const compiled = new Map<string, RegExp>();
/**
 * Model patterns are whole-value Java patterns using Unicode classes (\p{L});
 * Java's \p{Print} (any visible character or space) has no JavaScript name.
 */
function patternOf(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    const js = pattern.replaceAll('\\p{Print}', '[^\\p{C}\\p{Zl}\\p{Zp}]');
    compiled.set(pattern, (re = new RegExp(`^(?:${js})$`, 'u')));
  }
  return re;
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

function lengthRule(shape: Shape, length: number, value: unknown, path: string, problems: string[]) {
  if (shape.min !== undefined && length < shape.min) {
    problems.push(
      `Value ${describe(value)} at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`,
    );
  }
  if (shape.max !== undefined && length > shape.max) {
    problems.push(
      `Value ${describe(value)} at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`,
    );
  }
}

function rangeRule(shape: Shape, value: number, path: string, problems: string[]) {
  if (shape.min !== undefined && value < shape.min) {
    problems.push(
      `Value '${value}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${shape.min}`,
    );
  }
  if (shape.max !== undefined && value > shape.max) {
    problems.push(`Value '${value}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${shape.max}`);
  }
}

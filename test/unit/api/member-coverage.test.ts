import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ecsOperations } from '../../../src/api/ecs/ecs-operations.js';
import { ECS_MEMBER_SUPPORT, refuseUnsupportedMembers, valuesAt, type MemberRule } from '../../../src/api/ecs/member-support.js';
import type { RawModel, RawShape } from '../../../src/api/model/botocore.js';
import rawModel from '../../../src/api/model/ecs-model.json' with { type: 'json' };
import { EcsError } from '../../../src/domain/errors.js';

/**
 * No silent no-ops: every input member of every ECS operation Berth answers
 * is honoured (a named test exercises it), inert for a stated reason, or
 * refused with InvalidParameterException. Members are
 * enumerated from the model: every top-level member, and every member of a
 * structure the table descends into (listing one child means listing all).
 */
const model = rawModel as unknown as RawModel;
const table = ECS_MEMBER_SUPPORT;
const implemented = [...ecsOperations.keys()];

function shape(name: string): RawShape {
  return model.shapes[name];
}

/** The structure a member path leads to (through lists), if it is one. */
function structureAt(rootShape: string, path: string): RawShape | undefined {
  let current = shape(rootShape);
  for (const step of path.split('.')) {
    const name = step.replace(/\[\]$/, '');
    const member = current.type === 'structure' ? current.members?.[name] : undefined;
    if (!member) return undefined;
    let next = shape(member.shape);
    if (step.endsWith('[]')) {
      if (next.type !== 'list') return undefined;
      next = shape(next.member!.shape);
    }
    current = next;
  }
  return current;
}

function isListOfStructures(s: RawShape): boolean {
  return s.type === 'list' && shape(s.member!.shape).type === 'structure';
}

/** Member paths the model has for `operation`, descending where the table does. */
function modelPaths(operation: string): string[] {
  const listed = Object.keys(table[operation] ?? {});
  const out: string[] = [];
  const visit = (structure: RawShape, prefix: string) => {
    for (const [name, member] of Object.entries(structure.members ?? {})) {
      const memberShape = shape(member.shape);
      const path = prefix + name;
      out.push(path);
      const step = isListOfStructures(memberShape) ? `${path}[]` : path;
      const child = isListOfStructures(memberShape) ? shape(memberShape.member!.shape) : memberShape;
      if (child.type === 'structure' && listed.some((p) => p.startsWith(`${step}.`))) visit(child, `${step}.`);
    }
  };
  visit(shape(model.operations[operation].input!), '');
  return out;
}

/** A request carrying `value` at `path`. */
function inputWith(path: string, value: unknown): Record<string, unknown> {
  const steps = path.split('.');
  const build = (i: number): unknown => {
    if (i === steps.length) return value;
    const step = steps[i];
    const inner = build(i + 1);
    const name = step.replace(/\[\]$/, '');
    return { [name]: step.endsWith('[]') ? [inner] : inner };
  };
  return build(0) as Record<string, unknown>;
}

/** The path as the table names it: list steps marked `[]`. */
function tablePath(operation: string, path: string): string {
  const steps = path.split('.');
  return steps
    .map((step, i) => {
      const structure =
        i === 0 ? shape(model.operations[operation].input!) : structureAt(model.operations[operation].input!, steps.slice(0, i).join('.'));
      const member = structure?.members?.[step];
      return member && isListOfStructures(shape(member.shape)) && i < steps.length - 1 ? `${step}[]` : step;
    })
    .join('.');
}

const sources = new Map<string, string>();
function source(file: string): string | undefined {
  if (!sources.has(file)) sources.set(file, existsSync(file) ? readFileSync(file, 'utf8') : '');
  return sources.get(file) || undefined;
}

/** A test mentions a member by its name (SDK/JSON) or as the CLI spells it (--kebab-case). */
function mentions(text: string, member: string): boolean {
  const kebab = member.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return new RegExp(`\\b${member}\\b`).test(text) || text.includes(`--${kebab}`);
}

describe('every input member of every implemented ECS operation is honoured or refused', () => {
  it('has a table for exactly the implemented operations, each an operation of the model', () => {
    expect(Object.keys(table).sort()).toEqual([...implemented].sort());
    for (const op of implemented) expect(model.operations[op], op).toBeDefined();
  });

  it.each(implemented)('%s: no member of the model unaccounted for, no stale entry', (op) => {
    const paths = modelPaths(op).map((p) => tablePath(op, p));
    const listed = Object.keys(table[op]);
    expect(
      paths.filter((p) => !listed.includes(p)),
      'members without a rule',
    ).toEqual([]);
    expect(
      listed.filter((p) => !paths.includes(p)),
      'rules for members the model does not have',
    ).toEqual([]);
  });

  const rules = implemented.flatMap((op) =>
    Object.entries(table[op]).map(([path, rule]): [string, string, MemberRule] => [op, path, rule]),
  );

  it.each(rules.filter(([, , r]) => r.kind === 'honoured'))('%s %s is exercised by its named test', (_op, path, rule) => {
    const file = (rule as { test: string }).test;
    const text = source(file);
    expect(text, `${file} exists`).toBeDefined();
    expect(mentions(text!, path.split('.').at(-1)!.replace('[]', '')), `${file} mentions ${path}`).toBe(true);
  });

  it.each(rules.filter(([, , r]) => r.kind === 'refused'))('%s %s is refused with InvalidParameterException', (op, path, rule) => {
    const r = rule as Extract<MemberRule, { kind: 'refused' }>;
    expect(r.refuses(r.example)).toBe(true);
    let thrown: unknown;
    try {
      refuseUnsupportedMembers(op, inputWith(path, r.example));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(EcsError);
    expect((thrown as EcsError).code).toBe('InvalidParameterException');
    expect((thrown as EcsError).message).toContain(`Berth does not support ${path.replaceAll('[]', '')} on ${op}`);
    // Absent, it asks for nothing.
    expect(() => refuseUnsupportedMembers(op, {})).not.toThrow();
  });

  it('lets through the values Berth honours: false, empty lists, the one supported enum value', () => {
    expect(() => refuseUnsupportedMembers('CreateService', { enableExecuteCommand: false, serviceRegistries: [] })).not.toThrow();
    expect(() => refuseUnsupportedMembers('CreateService', { deploymentConfiguration: { strategy: 'ROLLING' } })).not.toThrow();
    expect(() => refuseUnsupportedMembers('RunTask', { propagateTags: 'NONE' })).not.toThrow();
    expect(() => refuseUnsupportedMembers('CreateService', { deploymentConfiguration: { strategy: 'BLUE_GREEN' } })).toThrow(
      /Berth does not support deploymentConfiguration.strategy on CreateService: Berth deploys with the ROLLING strategy only/,
    );
    expect(() =>
      refuseUnsupportedMembers('RegisterTaskDefinition', {
        containerDefinitions: [{ name: 'a' }, { name: 'b', secrets: [{ name: 'X', valueFrom: 'arn' }] }],
      }),
    ).toThrow(/containerDefinitions.secrets/);
  });

  it('inert members say why', () => {
    for (const [op, path, rule] of rules) if (rule.kind === 'inert') expect(rule.why.length, `${op} ${path}`).toBeGreaterThan(20);
  });

  it('valuesAt fans out over lists and never reads inherited properties', () => {
    expect(valuesAt({ a: [{ b: 1 }, { b: 2 }, {}] }, 'a[].b')).toEqual([1, 2]);
    expect(valuesAt({}, 'constructor')).toEqual([]);
    expect(valuesAt({ a: 'x' }, 'a[].b')).toEqual([]);
  });
});

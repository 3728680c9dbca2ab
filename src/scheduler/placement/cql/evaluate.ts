import type { CqlComparison, CqlExpression, CqlOperator } from './ast.js';
import { parseCql } from './parser.js';
import { compareOrdered, compareVersions, compileCqlPattern, parseCqlDate } from './values.js';

/**
 * What a CQL expression can look at. PlacementInstance satisfies it, so the
 * same evaluator serves placement constraints and ListContainerInstances
 * filters.
 */
export interface CqlTarget {
  agentConnected: boolean;
  agentVersion?: string;
  ec2InstanceId?: string;
  /** Epoch milliseconds. */
  registeredAt: number;
  runningTasksCount: number;
  /** null = attribute present without a value. */
  attributes: Readonly<Record<string, string | null>>;
  /** Group -> live task count; groups with count 0 are treated as absent. */
  taskGroups: Readonly<Record<string, number>>;
}

export type CqlPredicate = (target: CqlTarget) => boolean;

/**
 * Parses and compiles once; the returned predicate does no parsing, regex
 * compilation or date parsing per call, because placement evaluates it for
 * every candidate instance.
 */
export function compileCql(source: string): CqlPredicate {
  return compileExpression(parseCql(source));
}

function compileExpression(node: CqlExpression): CqlPredicate {
  switch (node.kind) {
    case 'and': {
      const [l, r] = [compileExpression(node.left), compileExpression(node.right)];
      return (t) => l(t) && r(t);
    }
    case 'or': {
      const [l, r] = [compileExpression(node.left), compileExpression(node.right)];
      return (t) => l(t) || r(t);
    }
    case 'not': {
      const operand = compileExpression(node.operand);
      return (t) => !operand(t);
    }
    case 'compare':
      return compileComparison(node);
  }
}

/** Negated operators are the exact complement of their positive form. */
const NEGATIONS: Partial<Record<CqlOperator, CqlOperator>> = {
  not_equals: 'equals',
  not_in: 'in',
  not_matches: 'matches',
  not_exists: 'exists',
};

function compileComparison(node: CqlComparison): CqlPredicate {
  const positive = NEGATIONS[node.operator];
  if (positive) {
    const predicate = compileComparison({ ...node, operator: positive });
    return (t) => !predicate(t);
  }
  const texts = node.values.map((v) => v.text);
  switch (node.subject.kind) {
    case 'registeredAt':
      return compileDate(node.operator, texts[0]!);
    case 'runningTasksCount':
      return compileCount(node.operator, Number(texts[0]));
    case 'taskGroup':
      return compileTaskGroup(node.operator, texts);
    case 'agentConnected':
      return compileString(
        (t) => (t.agentConnected ? 'true' : 'false'),
        node.operator,
        node.operator === 'matches' ? texts : texts.map((v) => v.toLowerCase()),
        compareOrdered,
      );
    case 'agentVersion':
      return compileString((t) => t.agentVersion, node.operator, texts, compareVersions);
    case 'ec2InstanceId':
      return compileString((t) => t.ec2InstanceId, node.operator, texts, compareOrdered);
    case 'attribute': {
      const name = node.subject.name;
      return compileString((t) => readAttribute(t.attributes, name), node.operator, texts, compareOrdered);
    }
  }
}

/** Own properties only: an attribute named "constructor" must not find Object's. */
function readAttribute(attributes: CqlTarget['attributes'], name: string): string | null | undefined {
  return Object.hasOwn(attributes, name) ? attributes[name] : undefined;
}

function groupCount(groups: CqlTarget['taskGroups'], group: string): number {
  return Object.hasOwn(groups, group) ? groups[group]! : 0;
}

/**
 * String subjects. undefined = subject absent, null = attribute without a
 * value: both fail every comparison except `exists`, which only needs presence.
 */
function compileString(
  read: (t: CqlTarget) => string | null | undefined,
  operator: CqlOperator,
  values: string[],
  compare: (a: string, b: string) => number,
): CqlPredicate {
  const value = values[0]!;
  switch (operator) {
    case 'exists':
      return (t) => read(t) !== undefined;
    case 'equals':
      return (t) => read(t) === value;
    case 'in': {
      const set = new Set(values);
      return (t) => {
        const v = read(t);
        return typeof v === 'string' && set.has(v);
      };
    }
    case 'matches': {
      const pattern = compileCqlPattern(value);
      return (t) => {
        const v = read(t);
        return typeof v === 'string' && pattern.test(v);
      };
    }
    default: {
      const accept = ordering(operator);
      return (t) => {
        const v = read(t);
        return typeof v === 'string' && accept(compare(v, value));
      };
    }
  }
}

function ordering(operator: CqlOperator): (sign: number) => boolean {
  switch (operator) {
    case 'greater_than':
      return (s) => s > 0;
    case 'greater_than_equal':
      return (s) => s >= 0;
    case 'less_than':
      return (s) => s < 0;
    default:
      return (s) => s <= 0;
  }
}

function compileCount(operator: CqlOperator, value: number): CqlPredicate {
  if (operator === 'equals') return (t) => t.runningTasksCount === value;
  const accept = ordering(operator);
  return (t) => accept(Math.sign(t.runningTasksCount - value));
}

/**
 * A date argument is an interval (a whole day for 2018-02-13): `==` means
 * "within it", `<` "before it starts", `>` "after it ends", `<=`/`>=` include
 * it. So `registeredAt < 2018-02-13` selects instances registered before that
 * day, as the ECS guide's example reads.
 */
function compileDate(operator: CqlOperator, text: string): CqlPredicate {
  const { start, end } = parseCqlDate(text)!;
  switch (operator) {
    case 'equals':
      return (t) => t.registeredAt >= start && t.registeredAt < end;
    case 'less_than':
      return (t) => t.registeredAt < start;
    case 'less_than_equal':
      return (t) => t.registeredAt < end;
    case 'greater_than':
      return (t) => t.registeredAt >= end;
    default:
      return (t) => t.registeredAt >= start;
  }
}

/** `task:group == g` holds when at least one live task of group g is on the instance. */
function compileTaskGroup(operator: CqlOperator, values: string[]): CqlPredicate {
  switch (operator) {
    case 'equals':
    case 'in':
      return (t) => values.some((g) => groupCount(t.taskGroups, g) > 0);
    case 'matches': {
      const pattern = compileCqlPattern(values[0]!);
      return (t) => Object.keys(t.taskGroups).some((g) => t.taskGroups[g]! > 0 && pattern.test(g));
    }
    default:
      return (t) => Object.keys(t.taskGroups).some((g) => t.taskGroups[g]! > 0);
  }
}

import { describe, expect, it } from 'vitest';
import type { CqlExpression } from '../../../src/scheduler/placement/cql/ast.js';
import { CqlSyntaxError } from '../../../src/scheduler/placement/cql/errors.js';
import { MAX_EXPRESSION_LENGTH, parseCql } from '../../../src/scheduler/placement/cql/parser.js';

/** A compact rendering of the tree, so expectations read like the expressions. */
function render(node: CqlExpression): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${render(node.left)} ${node.kind} ${render(node.right)})`;
    case 'not':
      return `not ${render(node.operand)}`;
    case 'compare': {
      const subject = node.subject.kind === 'attribute' ? `attribute:${node.subject.name}` : node.subject.kind;
      const values = node.values.map((v) => v.text);
      return [subject, node.operator, ...(values.length ? [values.join('|')] : [])].join(' ');
    }
  }
}

describe('parseCql: operators and their spellings', () => {
  it.each([
    ['attribute:a == x', 'attribute:a equals x'],
    ['attribute:a equals x', 'attribute:a equals x'],
    ['attribute:a != x', 'attribute:a not_equals x'],
    ['attribute:a not_equals x', 'attribute:a not_equals x'],
    ['attribute:a > 1', 'attribute:a greater_than 1'],
    ['attribute:a greater_than 1', 'attribute:a greater_than 1'],
    ['attribute:a >= 1', 'attribute:a greater_than_equal 1'],
    ['attribute:a greater_than_equal 1', 'attribute:a greater_than_equal 1'],
    ['attribute:a < 1', 'attribute:a less_than 1'],
    ['attribute:a less_than 1', 'attribute:a less_than 1'],
    ['attribute:a <= 1', 'attribute:a less_than_equal 1'],
    ['attribute:a less_than_equal 1', 'attribute:a less_than_equal 1'],
    ['attribute:a exists', 'attribute:a exists'],
    ['attribute:a !exists', 'attribute:a not_exists'],
    ['attribute:a not_exists', 'attribute:a not_exists'],
    ['attribute:a in (x, y)', 'attribute:a in x|y'],
    ['attribute:a in [x, y]', 'attribute:a in x|y'],
    ['attribute:a in (x)', 'attribute:a in x'],
    ['attribute:a !in (x, y)', 'attribute:a not_in x|y'],
    ['attribute:a not_in [x,y]', 'attribute:a not_in x|y'],
    ['attribute:a =~ t3.*', 'attribute:a matches t3.*'],
    ['attribute:a matches t3.*', 'attribute:a matches t3.*'],
    ['attribute:a !~ t3.*', 'attribute:a not_matches t3.*'],
    ['attribute:a not_matches t3.*', 'attribute:a not_matches t3.*'],
    ['attribute:a EQUALS x', 'attribute:a equals x'],
  ])('%s', (source, expected) => {
    expect(render(parseCql(source))).toBe(expected);
  });
});

describe('parseCql: subjects and values', () => {
  it.each([
    ['agentConnected == true', 'agentConnected equals true'],
    ['agentVersion < 1.14.5', 'agentVersion less_than 1.14.5'],
    ['attribute:ecs.availability-zone == us-east-1a', 'attribute:ecs.availability-zone equals us-east-1a'],
    ['attribute:ecs.instance-type == t2.small', 'attribute:ecs.instance-type equals t2.small'],
    ['attribute:com.example/team:tier == "gold tier"', 'attribute:com.example/team:tier equals gold tier'],
    ["ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", 'ec2InstanceId in i-abcd1234|i-wxyx7890'],
    ['registeredAt < 2018-02-13', 'registeredAt less_than 2018-02-13'],
    ['registeredAt >= 2018-06-18T22:28:28+00:00', 'registeredAt greater_than_equal 2018-06-18T22:28:28+00:00'],
    ['registeredAt == 2018-06-18T22:28:28Z', 'registeredAt equals 2018-06-18T22:28:28Z'],
    ['registeredAt != 2018-06-18T22:28:28', 'registeredAt not_equals 2018-06-18T22:28:28'],
    ['runningTasksCount == 1', 'runningTasksCount equals 1'],
    ['task:group == service:production', 'taskGroup equals service:production'],
    ["attribute:a == 'in'", 'attribute:a equals in'],
    ['attribute:a == in', 'attribute:a equals in'],
    ['attribute:a =~ "(m5|c5)\\\\..*"', 'attribute:a matches (m5|c5)\\..*'],
  ])('%s', (source, expected) => {
    expect(render(parseCql(source))).toBe(expected);
  });
});

describe('parseCql: compound expressions', () => {
  it.each([
    ['attribute:a == x and attribute:b == y', '(attribute:a equals x and attribute:b equals y)'],
    ['attribute:a == x && attribute:b == y', '(attribute:a equals x and attribute:b equals y)'],
    ['attribute:a == x or attribute:b == y', '(attribute:a equals x or attribute:b equals y)'],
    ['attribute:a == x || attribute:b == y', '(attribute:a equals x or attribute:b equals y)'],
    ['not attribute:a == x', 'not attribute:a equals x'],
    ['!attribute:a == x', 'not attribute:a equals x'],
    ['not(task:group == database)', 'not taskGroup equals database'],
    ['NOT (task:group == database) AND attribute:a exists', '(not taskGroup equals database and attribute:a exists)'],
    // and binds tighter than or
    [
      'attribute:a == 1 or attribute:b == 2 and attribute:c == 3',
      '(attribute:a equals 1 or (attribute:b equals 2 and attribute:c equals 3))',
    ],
    [
      '(attribute:a == 1 or attribute:b == 2) and attribute:c == 3',
      '((attribute:a equals 1 or attribute:b equals 2) and attribute:c equals 3)',
    ],
    ['not attribute:a == 1 and attribute:b == 2', '(not attribute:a equals 1 and attribute:b equals 2)'],
    ['((attribute:a exists))', 'attribute:a exists'],
    [
      'attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d',
      '(attribute:ecs.instance-type matches g2.* and attribute:ecs.availability-zone not_equals us-east-1d)',
    ],
  ])('%s', (source, expected) => {
    expect(render(parseCql(source))).toBe(expected);
  });
});

describe('parseCql: syntax errors name the position', () => {
  it.each([
    ['', 0, 'empty'],
    ['   ', 0, 'empty'],
    ['foo == 1', 0, "Unknown subject 'foo'"],
    ['attribute: == 1', 0, "Unknown subject 'attribute:'"],
    ['attribute:a', 11, 'an operator'],
    ['attribute:a like x', 12, 'an operator'],
    ['attribute:a ==', 14, 'a value'],
    ['attribute:a == (x)', 15, 'a value'],
    ['attribute:a in x', 15, 'a list'],
    ['attribute:a in ()', 16, 'a value'],
    ['attribute:a in (x y)', 18, "',' or ')'"],
    ['attribute:a in [x)', 17, "',' or ']'"],
    ['attribute:a ! x', 14, "'in' or 'exists'"],
    ['attribute:a == x y', 17, "'and', 'or'"],
    ['(attribute:a == x', 17, "')'"],
    ['attribute:a == x)', 16, "'and', 'or'"],
    ['attribute:a == x and', 20, 'a subject'],
    ['and attribute:a == x', 0, "Unknown subject 'and'"],
    ['attribute:a = x', 12, "'=='"],
    ['agentConnected > true', 15, "cannot be used with subject 'agentConnected'"],
    ['agentConnected == maybe', 18, 'true or false'],
    ['agentVersion in (1.0)', 13, "cannot be used with subject 'agentVersion'"],
    ['agentVersion > latest', 15, 'agent version'],
    ['ec2InstanceId > i-1', 14, "cannot be used with subject 'ec2InstanceId'"],
    ['registeredAt =~ 2018', 13, "cannot be used with subject 'registeredAt'"],
    ['registeredAt > yesterday', 15, 'a date'],
    ['registeredAt > 2018-02-30', 15, 'a date'],
    ['runningTasksCount in (1)', 18, "cannot be used with subject 'runningTasksCount'"],
    ['runningTasksCount > many', 20, 'a task count'],
    ['task:group > service:a', 11, "cannot be used with subject 'task:group'"],
    ["attribute:a == 'x", 15, 'Unterminated'],
  ])('%j fails at %i', (source, position, fragment) => {
    let caught: unknown;
    try {
      parseCql(source);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CqlSyntaxError);
    const error = caught as CqlSyntaxError;
    expect(error.position).toBe(position);
    expect(error.message).toContain(fragment);
    expect(error.message).toMatch(new RegExp(`at position ${position}$`));
  });

  it(`accepts ${MAX_EXPRESSION_LENGTH} characters and rejects one more`, () => {
    const clause = 'attribute:a == x';
    const base = Array.from({ length: 200 }, () => clause).join(' or ');
    const exact = base.slice(0, base.lastIndexOf(' or ', MAX_EXPRESSION_LENGTH));
    const padded = exact + ' '.repeat(MAX_EXPRESSION_LENGTH - exact.length);
    expect(padded).toHaveLength(MAX_EXPRESSION_LENGTH);
    expect(() => parseCql(padded)).not.toThrow();
    expect(() => parseCql(`${padded} `)).toThrow(/longer than 2000 characters/);
  });
});

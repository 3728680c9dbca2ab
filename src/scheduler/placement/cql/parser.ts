import type { CqlComparison, CqlExpression, CqlOperator, CqlSubject, CqlValue } from './ast.js';
import { CqlSyntaxError } from './errors.js';
import { tokenize, type CqlToken } from './lexer.js';
import { isCount, isVersion, parseCqlDate } from './values.js';

/** ECS caps a placement constraint expression at 2000 characters. */
export const MAX_EXPRESSION_LENGTH = 2000;

/*
 * Grammar (precedence: not > and > or):
 *   expression := and ( ('or' | '||') and )*
 *   and        := unary ( ('and' | '&&') unary )*
 *   unary      := ('not' | '!') unary | '(' expression ')' | comparison
 *   comparison := subject operator [argument]
 *   argument   := value | ('(' | '[') value (',' value)* (')' | ']')
 */

const SYMBOL_OPERATORS: Record<string, CqlOperator> = {
  '==': 'equals',
  '!=': 'not_equals',
  '>': 'greater_than',
  '>=': 'greater_than_equal',
  '<': 'less_than',
  '<=': 'less_than_equal',
  '=~': 'matches',
  '!~': 'not_matches',
};

const WORD_OPERATORS = new Set<string>([
  'equals',
  'not_equals',
  'greater_than',
  'greater_than_equal',
  'less_than',
  'less_than_equal',
  'exists',
  'not_exists',
  'in',
  'not_in',
  'matches',
  'not_matches',
]);

const EQUALITY: CqlOperator[] = ['equals', 'not_equals'];
const ORDERING: CqlOperator[] = [...EQUALITY, 'greater_than', 'greater_than_equal', 'less_than', 'less_than_equal'];
const MEMBERSHIP: CqlOperator[] = [...EQUALITY, 'in', 'not_in', 'matches', 'not_matches'];
const PRESENCE: CqlOperator[] = ['exists', 'not_exists'];

/** Valid operators per subject, as the ECS developer guide lists them. */
const SUBJECT_OPERATORS: Record<CqlSubject['kind'], readonly CqlOperator[]> = {
  agentConnected: MEMBERSHIP,
  agentVersion: ORDERING,
  attribute: [...ORDERING, 'in', 'not_in', 'matches', 'not_matches', ...PRESENCE],
  ec2InstanceId: MEMBERSHIP,
  registeredAt: ORDERING,
  runningTasksCount: ORDERING,
  taskGroup: [...MEMBERSHIP, ...PRESENCE],
};

/** Parses an expression; throws CqlSyntaxError naming the offending position. */
export function parseCql(source: string): CqlExpression {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new CqlSyntaxError(`Expression is longer than ${MAX_EXPRESSION_LENGTH} characters`, MAX_EXPRESSION_LENGTH);
  }
  const parser = new Parser(tokenize(source));
  if (parser.peek().kind === 'eof') throw new CqlSyntaxError('Expression is empty', 0);
  const expression = parser.expression();
  const rest = parser.peek();
  if (rest.kind !== 'eof') throw unexpected(rest, "'and', 'or' or the end of the expression");
  return expression;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: CqlToken[]) {}

  peek(): CqlToken {
    return this.tokens[this.index]!;
  }

  private take(): CqlToken {
    return this.tokens[this.index++]!;
  }

  expression(): CqlExpression {
    let left = this.and();
    while (this.isKeyword('or', '||')) {
      this.take();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): CqlExpression {
    let left = this.unary();
    while (this.isKeyword('and', '&&')) {
      this.take();
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): CqlExpression {
    if (this.isKeyword('not', '!')) {
      this.take();
      return { kind: 'not', operand: this.unary() };
    }
    if (this.isSymbol('(')) {
      this.take();
      const inner = this.expression();
      this.expectSymbol(')', "')'");
      return inner;
    }
    return this.comparison();
  }

  private comparison(): CqlComparison {
    const token = this.take();
    if (token.kind !== 'word') throw unexpected(token, 'a subject such as attribute:<name>');
    const subject = readSubject(token.value, token.position);
    const operatorToken = this.peek();
    const operator = this.operator();
    if (!SUBJECT_OPERATORS[subject.kind].includes(operator)) {
      throw new CqlSyntaxError(`Operator '${operator}' cannot be used with subject '${token.value}'`, operatorToken.position);
    }
    const values = this.argument(operator);
    for (const value of values) checkValue(subject, operator, value);
    return { kind: 'compare', subject, operator, values, position: token.position };
  }

  private operator(): CqlOperator {
    const token = this.take();
    if (token.kind === 'symbol') {
      if (token.value === '!') {
        // `!in` and `!exists` are lexed as '!' followed by a word.
        const word = this.take();
        const name = word.kind === 'word' ? word.value.toLowerCase() : '';
        if (name === 'in' || name === 'exists') return `not_${name}`;
        throw unexpected(word, "'in' or 'exists' after '!'");
      }
      const operator = SYMBOL_OPERATORS[token.value];
      if (operator) return operator;
    } else if (token.kind === 'word' && WORD_OPERATORS.has(token.value.toLowerCase())) {
      return token.value.toLowerCase() as CqlOperator;
    }
    throw unexpected(token, 'an operator');
  }

  private argument(operator: CqlOperator): CqlValue[] {
    if (operator === 'exists' || operator === 'not_exists') return [];
    if (operator !== 'in' && operator !== 'not_in') return [this.value()];
    const open = this.take();
    if (open.kind !== 'symbol' || (open.value !== '(' && open.value !== '[')) {
      throw unexpected(open, "a list such as '(a, b)'");
    }
    const close = open.value === '(' ? ')' : ']';
    const values = [this.value()];
    while (this.isSymbol(',')) {
      this.take();
      values.push(this.value());
    }
    this.expectSymbol(close, `',' or '${close}'`);
    return values;
  }

  private value(): CqlValue {
    const token = this.take();
    if (token.kind === 'word' || token.kind === 'string') return { text: token.value, position: token.position };
    throw unexpected(token, 'a value');
  }

  private expectSymbol(symbol: string, expected: string): void {
    const token = this.take();
    if (token.kind !== 'symbol' || token.value !== symbol) throw unexpected(token, expected);
  }

  private isSymbol(symbol: string): boolean {
    const token = this.peek();
    return token.kind === 'symbol' && token.value === symbol;
  }

  /** Keywords are case-insensitive words, or their symbol spelling. */
  private isKeyword(word: string, symbol: string): boolean {
    const token = this.peek();
    if (token.kind === 'symbol') return token.value === symbol;
    return token.kind === 'word' && token.value.toLowerCase() === word;
  }
}

function readSubject(word: string, position: number): CqlSubject {
  switch (word) {
    case 'agentConnected':
    case 'agentVersion':
    case 'ec2InstanceId':
    case 'registeredAt':
    case 'runningTasksCount':
      return { kind: word };
    case 'task:group':
      return { kind: 'taskGroup' };
  }
  if (word.startsWith('attribute:') && word.length > 'attribute:'.length) {
    return { kind: 'attribute', name: word.slice('attribute:'.length) };
  }
  throw new CqlSyntaxError(`Unknown subject '${word}'`, position);
}

/** Rejects arguments that could never compare with their subject. */
function checkValue(subject: CqlSubject, operator: CqlOperator, value: CqlValue): void {
  const fail = (what: string) => new CqlSyntaxError(`Expected ${what} but found '${value.text}'`, value.position);
  if (subject.kind === 'registeredAt' && !parseCqlDate(value.text)) {
    throw fail('a date such as 2018-06-18 or 2018-06-18T22:28:28Z');
  }
  if (subject.kind === 'runningTasksCount' && !isCount(value.text)) throw fail('a task count');
  if (subject.kind === 'agentVersion' && !EQUALITY.includes(operator) && !isVersion(value.text)) {
    throw fail('an agent version such as 1.14.5');
  }
  const isBoolean = /^(true|false)$/i.test(value.text);
  if (subject.kind === 'agentConnected' && operator !== 'matches' && operator !== 'not_matches' && !isBoolean) {
    throw fail('true or false');
  }
}

function unexpected(token: CqlToken, expected: string): CqlSyntaxError {
  const found = token.kind === 'eof' ? 'the end of the expression' : `'${token.value}'`;
  return new CqlSyntaxError(`Expected ${expected} but found ${found}`, token.position);
}

import { CqlSyntaxError } from './errors.js';

/**
 * Tokens of the Cluster Query Language. Keywords (and, in, exists, …) are not
 * told apart here: whether `in` is an operator or a value depends on where it
 * stands, so the parser decides from context.
 */
export type CqlSymbol = '(' | ')' | '[' | ']' | ',' | '==' | '!=' | '>' | '>=' | '<' | '<=' | '=~' | '!~' | '&&' | '||' | '!';

export type CqlToken =
  | { kind: 'word'; value: string; position: number }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'symbol'; value: CqlSymbol; position: number }
  | { kind: 'eof'; position: number };

const SINGLE: Record<string, CqlSymbol> = { '(': '(', ')': ')', '[': '[', ']': ']', ',': ',' };

/**
 * Characters that end a bare word. Everything else may appear in one, so that
 * attribute names (`attribute:ecs.availability-zone`), groups (`service:web`),
 * dates (`2018-06-18T22:28:28+00:00`) and simple patterns (`t3.*`) need no
 * quotes. Patterns using parentheses or `|` must be quoted.
 */
const WORD_BREAK = new Set([' ', '\t', '\n', '\r', '(', ')', '[', ']', ',', "'", '"', '=', '!', '<', '>', '&', '|']);

export function tokenize(source: string): CqlToken[] {
  const tokens: CqlToken[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (SINGLE[c]) {
      tokens.push({ kind: 'symbol', value: SINGLE[c], position: i });
      i++;
    } else if (c === "'" || c === '"') {
      i = readQuoted(source, i, tokens);
    } else if (c === '=' || c === '!' || c === '<' || c === '>' || c === '&' || c === '|') {
      const symbol = readOperator(c, next, i);
      tokens.push({ kind: 'symbol', value: symbol, position: i });
      i += symbol.length;
    } else {
      const start = i;
      while (i < source.length && !WORD_BREAK.has(source[i]!)) i++;
      tokens.push({ kind: 'word', value: source.slice(start, i), position: start });
    }
  }
  tokens.push({ kind: 'eof', position: source.length });
  return tokens;
}

function readOperator(c: string, next: string | undefined, position: number): CqlSymbol {
  switch (c) {
    case '=':
      if (next === '=') return '==';
      if (next === '~') return '=~';
      throw new CqlSyntaxError("Unexpected '=' (use '==' for equality)", position);
    case '!':
      if (next === '=') return '!=';
      if (next === '~') return '!~';
      return '!';
    case '<':
      return next === '=' ? '<=' : '<';
    case '>':
      return next === '=' ? '>=' : '>';
    case '&':
      if (next === '&') return '&&';
      throw new CqlSyntaxError("Unexpected '&' (use '&&' or 'and')", position);
    default:
      if (next === '|') return '||';
      throw new CqlSyntaxError("Unexpected '|' (use '||' or 'or')", position);
  }
}

/** Reads a '…' or "…" literal; a backslash takes the next character literally. */
function readQuoted(source: string, start: number, tokens: CqlToken[]): number {
  const quote = source[start];
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const c = source[i]!;
    if (c === quote) {
      tokens.push({ kind: 'string', value, position: start });
      return i + 1;
    }
    if (c === '\\' && i + 1 < source.length) {
      value += source[i + 1];
      i += 2;
    } else {
      value += c;
      i++;
    }
  }
  throw new CqlSyntaxError('Unterminated quoted string', start);
}

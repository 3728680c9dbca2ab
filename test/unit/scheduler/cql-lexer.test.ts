import { describe, expect, it } from 'vitest';
import { CqlSyntaxError } from '../../../src/scheduler/placement/cql/errors.js';
import { tokenize } from '../../../src/scheduler/placement/cql/lexer.js';

const shape = (source: string) => tokenize(source).map((t) => (t.kind === 'eof' ? 'eof' : `${t.kind}:${t.value}@${t.position}`));

describe('tokenize', () => {
  it.each([
    [
      'attribute:ecs.availability-zone == us-east-1a',
      ['word:attribute:ecs.availability-zone@0', 'symbol:==@32', 'word:us-east-1a@35', 'eof'],
    ],
    ['task:group!=service:web', ['word:task:group@0', 'symbol:!=@10', 'word:service:web@12', 'eof']],
    ['a>=1', ['word:a@0', 'symbol:>=@1', 'word:1@3', 'eof']],
    ['a<=1', ['word:a@0', 'symbol:<=@1', 'word:1@3', 'eof']],
    ['a>1', ['word:a@0', 'symbol:>@1', 'word:1@2', 'eof']],
    ['a<1', ['word:a@0', 'symbol:<@1', 'word:1@2', 'eof']],
    ['a =~ t3.*', ['word:a@0', 'symbol:=~@2', 'word:t3.*@5', 'eof']],
    ['a !~ t3.*', ['word:a@0', 'symbol:!~@2', 'word:t3.*@5', 'eof']],
    ['a !in (x,y)', ['word:a@0', 'symbol:!@2', 'word:in@3', 'symbol:(@6', 'word:x@7', 'symbol:,@8', 'word:y@9', 'symbol:)@10', 'eof']],
    ['[x, y]', ['symbol:[@0', 'word:x@1', 'symbol:,@2', 'word:y@4', 'symbol:]@5', 'eof']],
    ['a && b || !c', ['word:a@0', 'symbol:&&@2', 'word:b@5', 'symbol:||@7', 'symbol:!@10', 'word:c@11', 'eof']],
    ["'it''s'", ['string:it@0', 'string:s@4', 'eof']],
    ["\"a b\" 'c\\'d'", ['string:a b@0', "string:c'd@6", 'eof']],
    ['registeredAt > 2018-06-18T22:28:28+00:00', ['word:registeredAt@0', 'symbol:>@13', 'word:2018-06-18T22:28:28+00:00@15', 'eof']],
    ['  \t\n', ['eof']],
  ])('%s', (source, expected) => {
    expect(shape(source)).toEqual(expected);
  });

  it.each([
    ['a = b', 2, "'=='"],
    ['a & b', 2, "'&&'"],
    ['a | b', 2, "'||'"],
    ["a == 'open", 5, 'Unterminated'],
  ])('rejects %s at position %i', (source, position, fragment) => {
    try {
      tokenize(source);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CqlSyntaxError);
      expect((error as CqlSyntaxError).position).toBe(position);
      expect((error as CqlSyntaxError).message).toContain(fragment);
      expect((error as CqlSyntaxError).message).toContain(`at position ${position}`);
    }
  });
});

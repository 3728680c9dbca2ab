/**
 * botocore `pattern`s are Java regular expressions that AWS applies to the
 * whole value. Running them through a backtracking engine (V8's RegExp) puts
 * the cost of a request in the hands of whoever writes the value: nested or
 * adjacent quantifiers such as Application Auto Scaling's
 * `(?!((^[ ]+.*)|(.*([\u0000-\u001f]|[\u007f-\u009f]|[:/|])+.*)|(.*[ ]+$))).+`
 * backtrack polynomially. So patterns are compiled here into a Thompson NFA
 * and simulated over the value's code points: O(length × pattern size),
 * whatever the input.
 *
 * The supported subset is what the AWS models use: literals and escapes,
 * `.`, classes with ranges, negation and `\p{…}` / POSIX properties,
 * `\d \w \s`, `\uXXXX` (surrogate pairs = one code point, as Java reads them),
 * `\xHH`, groups, alternation, `* + ? {m} {m,} {m,n}` (greedy or lazy, same
 * result for a whole-value match), `^ $`, and a lookahead `(?!…)` / `(?=…)`
 * at the very start. Anything else (back-references, possessive quantifiers,
 * lookbehind, lookaheads elsewhere) is refused when the model is loaded, so
 * an unsupported pattern fails a build, never a request.
 */

export interface Pattern {
  readonly source: string;
  /** Does the whole value match? Linear in value.length. */
  test(value: string): boolean;
}

export class UnsupportedPatternError extends Error {
  constructor(pattern: string, why: string) {
    super(`Unsupported pattern /${pattern}/: ${why}`);
  }
}

type CodePointTest = (cp: number) => boolean;

type Node =
  | { t: 'char'; test: CodePointTest }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'repeat'; node: Node; min: number; max: number }
  | { t: 'bol' }
  | { t: 'eol' };

/** Upper bound on NFA states: counted repetitions are expanded, so `(x{1000}){1000}` must not compile. */
const MAX_STATES = 20_000;

export function compilePattern(source: string): Pattern {
  const parser = new Parser(source);
  const { lookahead, body } = parser.parseTop();
  const main = new Program(body, source);
  const ahead = lookahead && { negative: lookahead.negative, program: new Program(lookahead.body, source) };
  return {
    source,
    test(value: string) {
      if (ahead && ahead.program.matchesPrefix(value) === ahead.negative) return false;
      return main.matchesWhole(value);
    },
  };
}

// ---------------------------------------------------------------- parsing

const LINE_TERMINATORS = new Set([0x0a, 0x0d, 0x85, 0x2028, 0x2029]);
const range =
  (lo: number, hi: number): CodePointTest =>
  (cp) =>
    cp >= lo && cp <= hi;
const anyOf =
  (...tests: CodePointTest[]): CodePointTest =>
  (cp) =>
    tests.some((t) => t(cp));
const not =
  (test: CodePointTest): CodePointTest =>
  (cp) =>
    !test(cp);

const DIGIT = range(0x30, 0x39);
const UPPER = range(0x41, 0x5a);
const LOWER = range(0x61, 0x7a);
const WORD = anyOf(DIGIT, UPPER, LOWER, (cp) => cp === 0x5f);
const SPACE: CodePointTest = (cp) => cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
const PUNCT: CodePointTest = (cp) =>
  (cp >= 0x21 && cp <= 0x2f) || (cp >= 0x3a && cp <= 0x40) || (cp >= 0x5b && cp <= 0x60) || (cp >= 0x7b && cp <= 0x7e);

/** Java's POSIX classes are US-ASCII only (no UNICODE_CHARACTER_CLASS flag in AWS's use). */
const POSIX: Record<string, CodePointTest> = {
  Lower: LOWER,
  Upper: UPPER,
  ASCII: range(0, 0x7f),
  Alpha: anyOf(UPPER, LOWER),
  Digit: DIGIT,
  Alnum: anyOf(UPPER, LOWER, DIGIT),
  Punct: PUNCT,
  Graph: range(0x21, 0x7e),
  Print: range(0x20, 0x7e),
  Blank: (cp) => cp === 0x20 || cp === 0x09,
  Cntrl: (cp) => cp <= 0x1f || cp === 0x7f,
  XDigit: anyOf(DIGIT, range(0x41, 0x46), range(0x61, 0x66)),
  Space: SPACE,
};

/** `\p{L}`, `\p{IsLatin}`, `\p{Lu}`…: Unicode properties, tested one code point at a time (no backtracking possible). */
function unicodeProperty(name: string, source: string): CodePointTest {
  const posix = POSIX[name];
  if (posix) return posix;
  const jsName = name.replace(/^Is/, '').replace(/^In/, 'Script=');
  let re: RegExp;
  try {
    re = new RegExp(`^\\p{${jsName}}$`, 'u');
  } catch {
    throw new UnsupportedPatternError(source, `unknown property \\p{${name}}`);
  }
  return (cp) => re.test(String.fromCodePoint(cp));
}

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parseTop(): { lookahead?: { negative: boolean; body: Node }; body: Node } {
    let lookahead: { negative: boolean; body: Node } | undefined;
    const leadingBol = this.src.startsWith('^(?!') || this.src.startsWith('^(?=');
    if (leadingBol) this.i = 1;
    if (this.src.startsWith('(?!', this.i) || this.src.startsWith('(?=', this.i)) {
      const negative = this.src[this.i + 2] === '!';
      this.i += 3;
      const body = this.parseAlt();
      this.expect(')');
      lookahead = { negative, body };
    } else if (leadingBol) this.i = 0;
    const body = this.parseAlt();
    if (this.i < this.src.length) this.fail(`unexpected '${this.src[this.i]}'`);
    return { lookahead, body };
  }

  private fail(why: string): never {
    throw new UnsupportedPatternError(this.src, `${why} at offset ${this.i}`);
  }

  private expect(ch: string) {
    if (this.src[this.i] !== ch) this.fail(`expected '${ch}'`);
    this.i++;
  }

  private parseAlt(): Node {
    const options = [this.parseSeq()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.parseSeq());
    }
    return options.length === 1 ? options[0] : { t: 'alt', options };
  }

  private parseSeq(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      items.push(this.parseQuantified());
    }
    return items.length === 1 ? items[0] : { t: 'seq', items };
  }

  private parseQuantified(): Node {
    let node = this.parseAtom();
    for (;;) {
      const c = this.src[this.i];
      let min: number, max: number;
      if (c === '*') [min, max] = [0, Infinity];
      else if (c === '+') [min, max] = [1, Infinity];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{' && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.i))) {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i))!;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        if (max < min) this.fail('bad repetition range');
        this.i += m[0].length - 1;
      } else return node;
      this.i++;
      if (node.t === 'bol' || node.t === 'eol') this.fail('quantified anchor');
      if (this.src[this.i] === '?') this.i++;
      else if (this.src[this.i] === '+') this.fail('possessive quantifier');
      node = { t: 'repeat', node, min, max };
    }
  }

  private parseAtom(): Node {
    const c = this.src[this.i];
    if (c === '(') {
      this.i++;
      if (this.src[this.i] === '?') {
        if (this.src.startsWith('?:', this.i)) this.i += 2;
        else if (this.src.startsWith('?<', this.i) && /^\?<[a-zA-Z][a-zA-Z0-9]*>/.test(this.src.slice(this.i))) {
          this.i = this.src.indexOf('>', this.i) + 1;
        } else this.fail('lookaround or flag group (only a leading lookahead is supported)');
      }
      const inner = this.parseAlt();
      this.expect(')');
      return inner;
    }
    if (c === '[') return { t: 'char', test: this.parseClass() };
    if (c === '.') {
      this.i++;
      return { t: 'char', test: (cp) => !LINE_TERMINATORS.has(cp) };
    }
    if (c === '^') {
      this.i++;
      return { t: 'bol' };
    }
    if (c === '$') {
      this.i++;
      return { t: 'eol' };
    }
    if (c === '*' || c === '+' || c === '?') this.fail('nothing to repeat');
    if (c === '\\') return { t: 'char', test: this.parseEscape(false).test };
    const cp = this.src.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return { t: 'char', test: (x) => x === cp };
  }

  /** An escape; `single` is the code point when it denotes exactly one (usable as a class range end). */
  private parseEscape(inClass: boolean): { test: CodePointTest; single?: number } {
    this.i++; // backslash
    const c = this.src[this.i++];
    if (c === undefined) this.fail('trailing backslash');
    const one = (cp: number) => ({ test: (x: number) => x === cp, single: cp });
    switch (c) {
      case 'd':
        return { test: DIGIT };
      case 'D':
        return { test: not(DIGIT) };
      case 'w':
        return { test: WORD };
      case 'W':
        return { test: not(WORD) };
      case 's':
        return { test: SPACE };
      case 'S':
        return { test: not(SPACE) };
      case 't':
        return one(0x09);
      case 'n':
        return one(0x0a);
      case 'r':
        return one(0x0d);
      case 'f':
        return one(0x0c);
      case 'a':
        return one(0x07);
      case 'e':
        return one(0x1b);
      case 'p':
      case 'P': {
        const m = /^\{([A-Za-z_=]+)\}|^([A-Z])/.exec(this.src.slice(this.i));
        if (!m) this.fail('bad property escape');
        this.i += m[0].length;
        const test = unicodeProperty(m[1] ?? m[2], this.src);
        return { test: c === 'p' ? test : not(test) };
      }
      case 'x': {
        const m = /^[0-9a-fA-F]{2}|^\{[0-9a-fA-F]{1,6}\}/.exec(this.src.slice(this.i));
        if (!m) this.fail('bad \\x escape');
        this.i += m[0].length;
        return one(parseInt(m[0].replace(/[{}]/g, ''), 16));
      }
      case 'u': {
        const hex = this.src.slice(this.i, this.i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
        this.i += 4;
        let cp = parseInt(hex, 16);
        // Java reads `\uD800\uDC00` as one supplementary code point.
        const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(this.src.slice(this.i));
        if (cp >= 0xd800 && cp <= 0xdbff && low) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1], 16) - 0xdc00);
          this.i += 6;
        }
        return one(cp);
      }
      default:
        if (/[0-9]/.test(c) && !inClass) this.fail('back-reference');
        if (/[a-zA-Z0-9]/.test(c)) this.fail(`unknown escape \\${c}`);
        return one(c.codePointAt(0)!);
    }
  }

  private parseClass(): CodePointTest {
    this.i++; // [
    const negate = this.src[this.i] === '^';
    if (negate) this.i++;
    const tests: CodePointTest[] = [];
    let first = true;
    while (this.src[this.i] !== ']' || first) {
      if (this.i >= this.src.length) this.fail('unterminated class');
      if (this.src[this.i] === '[' || this.src.startsWith('&&', this.i)) this.fail('nested class or intersection');
      first = false;
      const lo = this.classAtom();
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && lo.single !== undefined) {
        this.i++;
        const hi = this.classAtom();
        if (hi.single === undefined || hi.single < lo.single) this.fail('bad class range');
        tests.push(range(lo.single, hi.single));
      } else tests.push(lo.test);
    }
    this.i++; // ]
    const test = anyOf(...tests);
    return negate ? not(test) : test;
  }

  private classAtom(): { test: CodePointTest; single?: number } {
    if (this.src[this.i] === '\\') return this.parseEscape(true);
    const cp = this.src.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return { test: (x) => x === cp, single: cp };
  }
}

// ---------------------------------------------------------------- the NFA

const CHAR = 0;
const SPLIT = 1;
const BOL = 2;
const EOL = 3;
const MATCH = 4;

/** States in flat arrays: kind, two successors, and the code point test of CHAR states. */
class Program {
  private kind: number[] = [];
  private out1: number[] = [];
  private out2: number[] = [];
  private tests: (CodePointTest | undefined)[] = [];
  private readonly start: number;
  private mark: Int32Array;
  private generation = 0;

  constructor(
    root: Node,
    private readonly source: string,
  ) {
    const end = this.add(MATCH);
    this.start = this.emit(root, end);
    this.mark = new Int32Array(this.kind.length);
  }

  private add(kind: number, test?: CodePointTest, a = -1, b = -1): number {
    if (this.kind.length >= MAX_STATES) throw new UnsupportedPatternError(this.source, `more than ${MAX_STATES} NFA states`);
    this.kind.push(kind);
    this.tests.push(test);
    this.out1.push(a);
    this.out2.push(b);
    return this.kind.length - 1;
  }

  /** Builds `node` so that it continues to `next`; returns its entry state (built back to front). */
  private emit(node: Node, next: number): number {
    switch (node.t) {
      case 'char':
        return this.add(CHAR, node.test, next);
      case 'bol':
        return this.add(BOL, undefined, next);
      case 'eol':
        return this.add(EOL, undefined, next);
      case 'seq': {
        let entry = next;
        for (let k = node.items.length - 1; k >= 0; k--) entry = this.emit(node.items[k], entry);
        return entry;
      }
      case 'alt': {
        const entries = node.options.map((o) => this.emit(o, next));
        return entries.reduceRight((acc, e) => this.add(SPLIT, undefined, e, acc));
      }
      case 'repeat': {
        let entry = next;
        if (node.max === Infinity) {
          // A loop: split → (body → split) | next.
          const loop = this.add(SPLIT, undefined, -1, next);
          this.out1[loop] = this.emit(node.node, loop);
          entry = loop;
        } else {
          for (let k = node.min; k < node.max; k++) entry = this.add(SPLIT, undefined, this.emit(node.node, entry), next);
        }
        for (let k = 0; k < node.min; k++) entry = this.emit(node.node, entry);
        return entry;
      }
    }
  }

  matchesWhole(value: string): boolean {
    return this.run(value, false);
  }

  /** Does some prefix of `value` match (lookahead semantics)? */
  matchesPrefix(value: string): boolean {
    return this.run(value, true);
  }

  private run(value: string, prefix: boolean): boolean {
    let current: number[] = [];
    let next: number[] = [];
    const len = value.length;
    this.generation++;
    if (this.addState(current, this.start, 0, len) && prefix) return true;
    let pos = 0;
    while (pos < len && current.length) {
      const cp = value.codePointAt(pos)!;
      const after = pos + (cp > 0xffff ? 2 : 1);
      this.generation++;
      let matched = false;
      for (const s of current) {
        if (this.kind[s] === CHAR && this.tests[s]!(cp) && this.addState(next, this.out1[s], after, len)) matched = true;
      }
      if (matched && prefix) return true;
      [current, next] = [next, current];
      next.length = 0;
      pos = after;
    }
    return pos === len && current.some((s) => this.kind[s] === MATCH);
  }

  /** Adds `s` and its ε-closure at `pos`; true when MATCH is reached. Iterative: no recursion depth to exhaust. */
  private addState(list: number[], s: number, pos: number, len: number): boolean {
    let matched = false;
    const stack = [s];
    while (stack.length) {
      const st = stack.pop()!;
      if (st < 0 || this.mark[st] === this.generation) continue;
      this.mark[st] = this.generation;
      switch (this.kind[st]) {
        case SPLIT:
          stack.push(this.out2[st], this.out1[st]);
          break;
        case BOL:
          if (pos === 0) stack.push(this.out1[st]);
          break;
        case EOL:
          if (pos === len) stack.push(this.out1[st]);
          break;
        case MATCH:
          matched = true;
          list.push(st);
          break;
        default:
          list.push(st);
      }
    }
    return matched;
  }
}

/** Checks shared by the protocol parser tests. */
import fc from 'fast-check';
import { expect } from 'vitest';
import { InvalidMessageError } from '../../../src/protocol/index.js';

/** The message of the InvalidMessageError `parse` throws on `value` (fails the test if it parses or throws anything else). */
export function refusal(parse: (value: unknown) => unknown, value: unknown): string {
  try {
    parse(value);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidMessageError);
    return (err as Error).message;
  }
  throw new Error('parsed');
}

/** `parse` either returns or throws InvalidMessageError, for any value `values` generates: never a TypeError or a hang. */
export function refusesOnlyCleanly(parse: (value: unknown) => unknown, values: fc.Arbitrary<unknown>): void {
  fc.assert(
    fc.property(values, (value) => {
      try {
        parse(value);
      } catch (err) {
        if (!(err instanceof InvalidMessageError)) throw err;
      }
    }),
    { numRuns: 2000 },
  );
}

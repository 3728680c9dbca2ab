/**
 * The randomized fault-injection suite (test/chaos) over a fixed set of
 * seeds: every invariant after every step, convergence twice per seed. Longer
 * runs: `npm run test:chaos -- --seed N --steps K`.
 */
import { inject, describe, expect, it } from 'vitest';
import { formatFailure, formatSteps, runSeed } from '../../chaos/run.js';
import { shrink } from '../../chaos/shrink.js';

const SEEDS = [1, 2, 3];
const STEPS = 200;

describe('randomized fault injection (API calls, passes, polls, crashes after any DynamoDB call)', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: ${STEPS} steps keep every invariant and converge`, { timeout: 600_000 }, async () => {
      const endpoint = inject('dynamodbEndpoint');
      const run = await runSeed(endpoint, { seed, steps: STEPS, convergeEvery: STEPS / 2 });
      if (!run.failure) return;
      const small = await shrink(endpoint, run, 120_000);
      expect.fail(
        `${formatFailure(small)}\nminimal steps:\n${formatSteps(small.steps)}\n(npm run test:chaos -- --seed ${seed} --steps ${STEPS} --converge-every ${STEPS / 2} reproduces it)`,
      );
    });
  }
});

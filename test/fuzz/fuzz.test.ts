import { describe, expect, inject, it } from 'vitest';
import { runFuzz, violations } from './run-fuzz.js';

/**
 * The hostile-input fuzz suite (`npm run test:fuzz`) at a fixed seed, on a
 * local stack of its own (the fuzz project) so the e2e files' agents never
 * wait behind it. Only the fuzz's own items are compared; latency is printed
 * by the CLI, not asserted.
 */
describe('hostile input (fixed-seed fuzz)', () => {
  it('3,000 requests: no 5xx, AWS error shape, no leaks, every model-invalid request refused, state unchanged by refusals', async () => {
    const report = await runFuzz({
      endpoint: inject('ecsEndpoint'),
      dynamodbEndpoint: inject('stackDynamodbEndpoint'),
      table: inject('stackTable'),
      seed: 17,
      requests: 3_000,
      scope: 'namespace',
      maxSeconds: 360,
      log: (line) => console.log(line),
    });
    expect(violations(report), report.examples.join('\n')).toEqual([]);
    expect(report.sent).toBe(3_000);
    expect(report.mustRefuse).toBeGreaterThan(1_000);
    expect(report.snapshotBatches).toBeGreaterThan(5);
  }, 420_000);
});

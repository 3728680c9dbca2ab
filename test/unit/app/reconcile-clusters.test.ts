import { describe, expect, it } from 'vitest';
import { reconcileClusters } from '../../../src/app/reconcile/reconcile-clusters.js';
import { emptySummary, type PassSummary } from '../../../src/app/reconcile/run-reconcile.js';
import { singleFlight } from '../../../src/app/reconcile/single-flight.js';
import { lambdaTimeLeft, RECONCILE_MARGIN_MS, unbounded, type TimeLeft } from '../../../src/app/reconcile/time-budget.js';

const summary = (cluster: string, deferred = false): PassSummary => ({ ...emptySummary(cluster), deferred });

const clusters = Array.from({ length: 10 }, (_, i) => `c${i}`);

describe('reconcileClusters (one bounded pass over many clusters)', () => {
  it('starts no cluster once the budget is spent and lists the rest as deferred', async () => {
    let left = 3;
    const started: string[] = [];
    const out = await reconcileClusters(
      clusters,
      async (c) => {
        started.push(c);
        left--; // each cluster pass uses up one unit of time
        return summary(c);
      },
      () => left,
      0,
      1,
    );
    expect(started).toEqual(['c0', 'c1', 'c2']);
    expect(out.deferred).toEqual(['c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9']);
    expect(out.summaries.map((s) => s.cluster)).toEqual(started);
  });

  it('walks from the given start and wraps around, so the clusters left over change from pass to pass', async () => {
    const started: string[] = [];
    await reconcileClusters(clusters, async (c) => (started.push(c), summary(c)), unbounded, 7, 1);
    expect(started).toEqual(['c7', 'c8', 'c9', 'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
  });

  it('counts a cluster whose own pass ran out of time as deferred', async () => {
    const out = await reconcileClusters(['a', 'b'], async (c) => summary(c, c === 'b'), unbounded);
    expect(out.deferred).toEqual(['b']);
  });

  it('runs at most `concurrency` cluster passes at once', async () => {
    let running = 0;
    let most = 0;
    await reconcileClusters(
      clusters,
      async (c) => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return summary(c);
      },
      unbounded,
      0,
      3,
    );
    expect(most).toBe(3);
  });
});

describe('time budget', () => {
  it("is the Lambda's remaining time less the margin", () => {
    let remaining = 60_000;
    const left = lambdaTimeLeft(() => remaining);
    expect(left()).toBe(60_000 - RECONCILE_MARGIN_MS);
    remaining = RECONCILE_MARGIN_MS;
    expect(left()).toBe(0);
  });

  it('a pass shared by several invocations runs within the tightest of their budgets', async () => {
    const seen: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const flight = singleFlight(async (_key, timeLeft: TimeLeft) => {
      seen.push(timeLeft());
      await gate;
      seen.push(timeLeft());
      return seen.length;
    });
    const first = flight('c', () => 50_000);
    const second = flight('c', () => 5_000); // arrives during the first pass: one more pass follows
    release();
    await Promise.all([first, second]);
    expect(seen).toEqual([50_000, 5_000, 5_000, 5_000]);
  });
});

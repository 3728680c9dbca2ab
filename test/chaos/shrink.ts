/**
 * Shrinks a failing step list to a small one that still fails the same
 * invariant (delta debugging, as QuickCheck and Jepsen do): first the
 * shortest tail of the run that fails on its own (from 50 steps, doubling: a
 * failure after 10,000 steps usually needs only the last few hundred, and
 * replaying those is minutes, not an hour), then drop chunks of steps,
 * halving the chunk size, then single actions and injected crashes.
 * Every candidate is replayed from scratch on a fresh table. Bounded by a
 * time budget: the best list so far is returned when it runs out.
 */
import { replay, type RunReport } from './run.js';
import type { Step } from './steps.js';

export async function shrink(endpoint: string, failed: RunReport, budgetMs: number, progress?: (line: string) => void): Promise<RunReport> {
  const deadline = Date.now() + budgetMs;
  const invariant = failed.failure!.invariant;
  let best: RunReport = { ...failed, steps: failed.steps.slice(0, failed.failure!.at + 1) };
  let tries = 0;
  const attempt = async (candidate: Step[]) => {
    tries++;
    const out = await replay(endpoint, candidate);
    if (out.failure?.invariant !== invariant) return false;
    best = { ...out, seed: failed.seed, steps: out.steps.slice(0, out.failure.at + 1) };
    progress?.(`shrink: ${best.steps.length} steps still fail ${invariant} (${tries} replays)`);
    return true;
  };

  // 0. The shortest failing tail, while tails are much shorter than the list.
  for (let tail = 50; tail * 4 <= best.steps.length && Date.now() < deadline; tail *= 2) {
    if (await attempt(best.steps.slice(-tail))) break;
  }
  // 1. Whole steps, in chunks from half the list down to one step.
  let chunk = Math.ceil(best.steps.length / 2);
  while (chunk >= 1 && Date.now() < deadline) {
    let removed = false;
    for (let start = 0; start < best.steps.length && Date.now() < deadline;) {
      const candidate = [...best.steps.slice(0, start), ...best.steps.slice(start + chunk)];
      if (candidate.length && (await attempt(candidate))) removed = true;
      else start += chunk;
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  // 2. Single actions of the steps left, then their injected crashes.
  for (let i = 0; i < best.steps.length && Date.now() < deadline; i++) {
    for (let j = best.steps[i]!.actions.length - 1; j >= 0 && Date.now() < deadline; j--) {
      const s = best.steps[i];
      if (!s || s.actions.length < 2 || j >= s.actions.length) break;
      const simpler: Step = { ...s, actions: s.actions.filter((_, k) => k !== j), crashes: s.crashes.filter((_, k) => k !== j) };
      await attempt(best.steps.map((x, k) => (k === i ? simpler : x)));
    }
    for (let j = 0; Date.now() < deadline; j++) {
      const s = best.steps[i];
      if (!s || j >= s.crashes.length) break;
      if (s.crashes[j] === null) continue;
      const simpler: Step = { ...s, crashes: s.crashes.map((c, k) => (k === j ? null : c)) };
      await attempt(best.steps.map((x, k) => (k === i ? simpler : x)));
    }
  }
  return best;
}

import { describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/app/context.js';
import { requestFingerprint } from '../../../src/app/ids.js';
import { answerOutcome, claimRunTaskToken, recordedOutcome, RUN_TASK_SCOPE } from '../../../src/app/tasks/run-task-token.js';
import { EcsError } from '../../../src/domain/errors.js';
import { taskRecord } from '../../support/records.js';
import type { IdempotencyRecord, IdempotencyStore, TokenCompletion } from '../../../src/ports/idempotency-store.js';

/** The IdempotencyStore contract in memory: the first claim and the first outcome win; a done record is never released. */
class MemoryTokens implements IdempotencyStore {
  readonly records = new Map<string, IdempotencyRecord>();
  async claim(scope: string, token: string, fingerprint: string) {
    const key = `${scope}#${token}`;
    const existing = this.records.get(key);
    if (existing) return existing;
    this.records.set(key, { fingerprint, result: [], failures: [], done: false });
    return undefined;
  }
  async get(scope: string, token: string) {
    return this.records.get(`${scope}#${token}`);
  }
  async complete(c: TokenCompletion) {
    const key = `${c.scope}#${c.token}`;
    const existing = this.records.get(key);
    if (existing?.done) return existing;
    this.records.set(key, { ...c.outcome, done: true });
    return c.outcome;
  }
  async release(scope: string, token: string) {
    if (!this.records.get(`${scope}#${token}`)?.done) this.records.delete(`${scope}#${token}`);
  }
}

const clock = { now: () => Date.UTC(2026, 0, 1) };
const params = (p: Record<string, unknown>) => p as { clientToken?: string };
const stored = (id: string) => taskRecord('c', id);

function context(tasks: string[] = []) {
  const idempotency = new MemoryTokens();
  const all = new Map(tasks.map((id) => [id, stored(id)]));
  const ctx = {
    idempotency,
    clock,
    tasks: { getMany: async (_c: string, ids: readonly string[]) => new Map(ids.filter((i) => all.has(i)).map((i) => [i, all.get(i)!])) },
  };
  return ctx as unknown as AppContext & { idempotency: MemoryTokens };
}

describe('RunTask clientToken', () => {
  const fingerprint = requestFingerprint(params({ clientToken: 'tok', cluster: 'c', taskDefinition: 'f', count: 2 }));

  it('the fingerprint ignores the token itself and sees every parameter', () => {
    expect(requestFingerprint(params({ clientToken: 'other', cluster: 'c', taskDefinition: 'f', count: 2 }))).toBe(fingerprint);
    expect(requestFingerprint(params({ clientToken: 'tok', cluster: 'c', taskDefinition: 'f', count: 3 }))).not.toBe(fingerprint);
  });

  it('a first call claims the token and runs', async () => {
    const ctx = context();
    expect(await claimRunTaskToken(ctx, 'tok', fingerprint)).toBeUndefined();
    expect(ctx.idempotency.records.get(`${RUN_TASK_SCOPE}#tok`)).toMatchObject({ fingerprint, done: false });
  });

  it('a retry while the first call runs (or after it died before placing) runs too', async () => {
    const ctx = context();
    await claimRunTaskToken(ctx, 'tok', fingerprint);
    expect(await claimRunTaskToken(ctx, 'tok', fingerprint)).toBeUndefined();
  });

  it('a retry after the outcome was recorded answers it: the same tasks, in order, with the same failures', async () => {
    const ctx = context(['t2', 't1']);
    await claimRunTaskToken(ctx, 'tok', fingerprint);
    const failures = [{ arn: 'arn:i', reason: 'RESOURCE:CPU' }];
    await ctx.idempotency.complete({
      scope: RUN_TASK_SCOPE,
      token: 'tok',
      outcome: { fingerprint, result: ['t2', 't1'], failures },
      expiresAt: 0,
    });
    const recorded = (await claimRunTaskToken(ctx, 'tok', fingerprint))!;
    const answer = await answerOutcome(ctx, 'c', recorded);
    expect(answer.tasks!.map((t) => t.taskArn!.split('/').pop())).toEqual(['t2', 't1']);
    expect(answer.failures).toEqual(failures);
  });

  it("only the first outcome stands: a call that lost the race answers the winner's", async () => {
    const ctx = context(['w1']);
    await claimRunTaskToken(ctx, 'tok', fingerprint);
    await ctx.idempotency.complete({
      scope: RUN_TASK_SCOPE,
      token: 'tok',
      outcome: { fingerprint, result: ['w1'], failures: [] },
      expiresAt: 0,
    });
    const loser = await ctx.idempotency.complete({
      scope: RUN_TASK_SCOPE,
      token: 'tok',
      outcome: { fingerprint, result: [], failures: [{ reason: 'RESOURCE:CPU' }] },
      expiresAt: 0,
    });
    expect(loser.result).toEqual(['w1']);
    expect((await recordedOutcome(ctx, 'tok')).result).toEqual(['w1']);
    await ctx.idempotency.release(RUN_TASK_SCOPE, 'tok');
    expect((await recordedOutcome(ctx, 'tok')).result).toEqual(['w1']);
  });

  it('the same token with other parameters is a ConflictException', async () => {
    const ctx = context();
    await claimRunTaskToken(ctx, 'tok', fingerprint);
    const other = claimRunTaskToken(ctx, 'tok', requestFingerprint(params({ clientToken: 'tok', cluster: 'c', taskDefinition: 'g' })));
    await expect(other).rejects.toBeInstanceOf(EcsError);
    await expect(other).rejects.toMatchObject({ code: 'ConflictException' });
  });

  it('tasks removed by TTL since are left out of the answer, never replaced', async () => {
    const ctx = context(['t1']);
    const answer = await answerOutcome(ctx, 'c', { fingerprint, result: ['t1', 'gone'], failures: [] });
    expect(answer.tasks).toHaveLength(1);
  });
});

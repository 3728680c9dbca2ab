import type { RunTaskResponse } from '@aws-sdk/client-ecs';
import { EcsError } from '../../domain/errors.js';
import type { Wire } from '../../domain/wire.js';
import type { TokenFailure, TokenOutcome } from '../../ports/idempotency-store.js';
import type { AppContext } from '../context.js';
import { taskView } from './task-view.js';

/**
 * RunTask's clientToken (ECS: the same token returns the same tasks, for a
 * day). The outcome of a call is recorded in the same transaction as the
 * tasks it creates (see place-and-commit), so the record alone says what
 * happened: done, it is the answer; not done, the first call is still running
 * or died before placing anything, and this call runs too (only one of them
 * can record an outcome; the other answers it).
 */
export const RUN_TASK_SCOPE = 'RunTask';
const CLIENT_TOKEN_TTL_SECONDS = 24 * 3600;

export const tokenExpiry = (ctx: Pick<AppContext, 'clock'>) => Math.floor(ctx.clock.now() / 1000) + CLIENT_TOKEN_TTL_SECONDS;

/** The outcome to answer at once, or undefined: run the call (under the claim). */
export async function claimRunTaskToken(
  ctx: Pick<AppContext, 'idempotency' | 'clock'>,
  token: string,
  fingerprint: string,
): Promise<TokenOutcome | undefined> {
  const existing = await ctx.idempotency.claim(RUN_TASK_SCOPE, token, fingerprint, tokenExpiry(ctx));
  if (existing && existing.fingerprint !== fingerprint) {
    throw new EcsError('ConflictException', 'The clientToken was already used with different parameters.');
  }
  return existing?.done ? existing : undefined;
}

/** The outcome another call with the token recorded while this one ran. */
export async function recordedOutcome(ctx: Pick<AppContext, 'idempotency'>, token: string): Promise<TokenOutcome> {
  const record = await ctx.idempotency.get(RUN_TASK_SCOPE, token);
  if (!record?.done) throw new Error(`clientToken ${token}: its outcome was recorded, then vanished`);
  return record;
}

export const failureView = (f: TokenFailure) => ({ arn: f.arn, reason: f.reason, ...(f.detail ? { detail: f.detail } : {}) });

/** A recorded outcome as RunTask answers it: the same tasks, in the same order, every time (those TTL removed left out). */
export async function answerOutcome(
  ctx: Pick<AppContext, 'tasks'>,
  cluster: string,
  outcome: TokenOutcome,
): Promise<Wire<RunTaskResponse>> {
  const found = await ctx.tasks.getMany(cluster, outcome.result);
  return {
    tasks: outcome.result.filter((id) => found.has(id)).map((id) => taskView(found.get(id)!, ['TAGS'])),
    failures: outcome.failures.map(failureView),
  };
}

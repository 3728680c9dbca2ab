import middy from '@middy/core';
import type { Context } from 'aws-lambda';

/**
 * The middy chain every Berth function uses. middy's early-timeout response is
 * off: Lambda enforces the timeout itself, and under serverless-offline's
 * in-process runner middy's abort surfaced as an uncaught exception that took
 * the whole local stack down.
 */
export const lambdaHandler = <E, R>(fn: (event: E) => Promise<R>) => middy<E, R>({ timeoutEarlyInMillis: 0 }).handler(fn);

/** How long the invocation has left, when the runtime says (Lambda, serverless-offline); undefined in tests. */
export const remainingMsOf = (context: Context | undefined) =>
  context?.getRemainingTimeInMillis ? () => context.getRemainingTimeInMillis() : undefined;

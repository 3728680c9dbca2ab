import middy from '@middy/core';

/**
 * The middy chain every Berth function uses. middy's early-timeout response is
 * off: Lambda enforces the timeout itself, and under serverless-offline's
 * in-process runner middy's abort surfaced as an uncaught exception that took
 * the whole local stack down.
 */
export const lambdaHandler = <E, R>(fn: (event: E) => Promise<R>) => middy<E, R>({ timeoutEarlyInMillis: 0 }).handler(fn);

import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { HttpRequest } from '../api/http.js';

/**
 * The middy chain every Berth function uses. middy's early-timeout response is
 * off: Lambda enforces the timeout itself, and under serverless-offline's
 * in-process runner middy's abort surfaced as an uncaught exception that took
 * the whole local stack down.
 */
export const lambdaHandler = <E, R>(fn: (event: E) => Promise<R>) => middy<E, R>({ timeoutEarlyInMillis: 0 }).handler(fn);

/** The parts of an API Gateway (HTTP API, payload 2.0) event the API layer reads. */
export const httpRequestOf = (event: APIGatewayProxyEventV2): HttpRequest => ({
  headers: event.headers,
  body: event.body,
  isBase64Encoded: event.isBase64Encoded,
});

/** How long the invocation has left, when the runtime says (Lambda, serverless-offline); undefined in tests. */
export const remainingMsOf = (context: Context | undefined) =>
  context?.getRemainingTimeInMillis ? () => context.getRemainingTimeInMillis() : undefined;

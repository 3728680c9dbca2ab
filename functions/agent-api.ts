import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { cachedDefinitions, handleAgentPoll } from '../src/api/agent-http.js';
import { lambdaReconcileTrigger } from '../src/adapters/lambda/reconcile-trigger.js';
import { UsageAccumulator } from '../src/app/metrics/usage-accumulator.js';
import { readConfig } from '../src/config.js';
import { jsonLogger } from '../src/logging.js';
import { buildAppContext } from '../src/wiring/app-context.js';
import { lambdaHandler } from '../src/wiring/lambda-handler.js';

const config = readConfig();
const log = jsonLogger('agent-api');
const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log) });
const deps = {
  definitions: cachedDefinitions(ctx),
  heartbeats: new Map<string, number>(),
  usage: new UsageAccumulator(ctx.usage, config.metricPeriodSeconds),
};

/** The Berth agent protocol: `POST /agent/v1/poll`. */
export const handler = lambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>((event, context?: Context) =>
  handleAgentPoll({ headers: event.headers, body: event.body, isBase64Encoded: event.isBase64Encoded }, ctx, log, deps, {
    remainingMs: context?.getRemainingTimeInMillis ? () => context.getRemainingTimeInMillis() : undefined,
  }),
);

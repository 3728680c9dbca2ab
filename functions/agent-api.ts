import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { cachedDefinitions, handleAgentRequest } from '../src/api/agent-http.js';
import { lambdaReconcileTrigger } from '../src/adapters/lambda/reconcile-trigger.js';
import { UsageAccumulator } from '../src/app/metrics/usage-accumulator.js';
import { readConfig } from '../src/config.js';
import { jsonLogger } from '../src/logging.js';
import { buildAppContext } from '../src/wiring/app-context.js';
import { httpRequestOf } from '../src/wiring/http-event.js';
import { lambdaHandler } from '../src/wiring/lambda-handler.js';
import { buildAuthenticator, buildSecurity } from '../src/wiring/security.js';

const config = readConfig();
const log = jsonLogger('agent-api');
const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log) });
const security = buildSecurity(config);
const deps = {
  definitions: cachedDefinitions(ctx),
  heartbeats: new Map<string, number>(),
  usage: new UsageAccumulator(ctx.usage, config.metricPeriodSeconds),
  security,
  auth: { signingName: 'ecs', actionPrefix: 'ecs', authenticator: buildAuthenticator(config, security, log) },
  log,
};

/** The Berth agent protocol: `POST /agent/v1/poll` (SigV4-signed by the instance) and `POST /agent/v1/register` (join token). */
export const handler = lambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>((event, context?: Context) =>
  handleAgentRequest(httpRequestOf(event), ctx, log, deps, {
    remainingMs: context?.getRemainingTimeInMillis ? () => context.getRemainingTimeInMillis() : undefined,
  }),
);

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { lambdaReconcileTrigger } from '../adapters/lambda/reconcile-trigger.js';
import { cachedDefinitions, handleAgentRequest } from '../api/agent-http.js';
import { UsageAccumulator } from '../app/metrics/usage-accumulator.js';
import { readConfig, type BerthConfig } from '../config.js';
import { createLogger } from '../logging/json-lines-logger.js';
import { buildAppContext, type BuildOptions } from './app-context.js';
import { httpRequestOf } from './http-event.js';
import { lambdaHandler, remainingMsOf } from './lambda-handler.js';
import { buildAuthenticator, buildSecurity } from './security.js';

/** functions/agent-api: `POST /agent/v1/poll` (SigV4-signed by the instance) and `POST /agent/v1/register` (join token). */
export function agentApiHandler(config: BerthConfig = readConfig(), opts: BuildOptions = {}) {
  const log = createLogger({ fields: { component: 'agent-api' } });
  const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log), ...opts });
  const security = buildSecurity(config);
  // Per Lambda container: revisions cached (they never change), heartbeats throttled, credential lookups cached.
  const deps = {
    definitions: cachedDefinitions(ctx),
    heartbeats: new Map<string, number>(),
    started: new Map<string, Set<string>>(),
    usage: new UsageAccumulator(ctx.usage, config.metricPeriodSeconds),
    security,
    auth: { signingName: 'ecs', actionPrefix: 'ecs', authenticator: buildAuthenticator(config, security, log) },
    log,
  };
  return lambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>((event, context?: Context) =>
    handleAgentRequest(httpRequestOf(event), ctx, log, deps, { remainingMs: remainingMsOf(context) }),
  );
}

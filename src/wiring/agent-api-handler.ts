import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { lambdaReconcileTrigger } from '../adapters/lambda/reconcile-trigger.js';
import { cachedDefinitions, handleAgentPoll } from '../api/agent-http.js';
import { readConfig, type BerthConfig } from '../config.js';
import { createLogger } from '../logging/json-lines-logger.js';
import { buildAppContext, type BuildOptions } from './app-context.js';
import { httpRequestOf, lambdaHandler, remainingMsOf } from './lambda-handler.js';

/** functions/agent-api: the Berth agent protocol, `POST /agent/v1/poll`. */
export function agentApiHandler(config: BerthConfig = readConfig(), opts: BuildOptions = {}) {
  const log = createLogger({ fields: { component: 'agent-api' } });
  const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log), ...opts });
  // Per Lambda container: revisions cached (they never change), heartbeats throttled.
  const deps = { definitions: cachedDefinitions(ctx), heartbeats: new Map<string, number>() };
  return lambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>((event, context?: Context) =>
    handleAgentPoll(httpRequestOf(event), ctx, log, deps, { remainingMs: remainingMsOf(context) }),
  );
}

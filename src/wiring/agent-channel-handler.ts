import { lambdaReconcileTrigger } from '../adapters/lambda/reconcile-trigger.js';
import { handleChannelEvent, type ChannelEvent, type ChannelResult } from '../api/agent-channel.js';
import { cachedDefinitions } from '../api/agent-http.js';
import { UsageAccumulator } from '../app/metrics/usage-accumulator.js';
import { readConfig, type BerthConfig } from '../config.js';
import { createLogger } from '../logging/json-lines-logger.js';
import { buildAgentConnections, buildAppContext, type BuildOptions } from './app-context.js';
import { lambdaHandler } from './lambda-handler.js';
import { buildAuthenticator, buildSecurity } from './security.js';

/** functions/agent-channel: the agents' WebSocket API ($connect signed by the instance's own key, `poll` and `beat` frames, $disconnect). */
export function agentChannelHandler(config: BerthConfig = readConfig(), opts: BuildOptions = {}) {
  const log = createLogger({ fields: { component: 'agent-channel' } });
  const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log), log, ...opts });
  const security = buildSecurity(config);
  // Per Lambda container: revisions cached, heartbeats throttled, connection owners and credential lookups cached.
  const deps = {
    definitions: cachedDefinitions(ctx),
    heartbeats: new Map<string, number>(),
    started: new Map<string, Set<string>>(),
    usage: new UsageAccumulator(ctx.usage, config.metricPeriodSeconds),
    connections: buildAgentConnections(config),
    authenticator: buildAuthenticator(config, security, log),
    heartbeatMs: config.agentHeartbeatMs,
  };
  return lambdaHandler<ChannelEvent, ChannelResult>((event) => handleChannelEvent(event, ctx, log, deps));
}

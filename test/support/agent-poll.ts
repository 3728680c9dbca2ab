/**
 * An agent played in-process against the use cases: one poll asks what to
 * run, a second reports each task it was told to run as started and each it
 * was told to stop as STOPPED (each report a transition with its instance
 * bookkeeping), as src/agent does against the real API.
 */
import { agentPoll, type AgentPollDeps } from '../../src/app/agent-calls/agent-poll.js';
import type { AppContext } from '../../src/app/context.js';
import { UsageAccumulator } from '../../src/app/metrics/usage-accumulator.js';

/** What agentPoll needs beside the context. Share one between polls to keep heartbeat writes throttled as one Lambda container does; a new one per poll writes every heartbeat. */
export function agentPollDeps(ctx: AppContext): AgentPollDeps {
  return {
    definitions: (family: string, revision: number) => ctx.taskDefinitions.get(family, revision),
    heartbeats: new Map<string, number>(),
    started: new Map<string, Set<string>>(),
    usage: new UsageAccumulator(ctx.usage, ctx.autoscaling.metricPeriodSeconds),
  };
}

export interface PlayedPoll {
  /** What a task told to run reaches: RUNNING, or PENDING while its image is still pulling. */
  started?: 'PENDING' | 'RUNNING';
  /** Health reported with each task told to run. */
  health?: 'HEALTHY' | 'UNHEALTHY';
}

/** One agent poll on `containerInstanceArn` and its reports (none when it was told nothing). */
export async function playAgentPoll(
  ctx: AppContext,
  cluster: string,
  containerInstanceArn: string,
  deps: AgentPollDeps = agentPollDeps(ctx),
  { started = 'RUNNING', health }: PlayedPoll = {},
): Promise<void> {
  const out = await agentPoll({ cluster, containerInstanceArn }, ctx, deps);
  const reports = out.tasks.map((t) => ({
    taskArn: t.taskArn,
    status: t.desiredStatus === 'RUNNING' ? started : ('STOPPED' as const),
    ...(health && t.desiredStatus === 'RUNNING' ? { health } : {}),
    containers: [],
  }));
  if (reports.length) await agentPoll({ cluster, containerInstanceArn, reports }, ctx, deps);
}

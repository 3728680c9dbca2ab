/** Docker's inspected container state → the supervisor's view of it. */
import type { ContainerInspectInfo } from 'dockerode';
import type { ContainerEventSink, ExitInfo, ObservedContainer } from '../supervision/container-runtime.js';
import { fromDockerHealth } from './health.js';

export const OOM_REASON = 'OutOfMemoryError: Container killed due to memory usage';

/** Docker writes "0001-01-01T00:00:00Z" for times that never happened. */
function timeOf(iso: string | undefined): number | undefined {
  if (!iso || iso.startsWith('0001-')) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

export function exitFromState(state: ContainerInspectInfo['State']): ExitInfo {
  const reason = state.OOMKilled ? OOM_REASON : state.Error || undefined;
  return { exitCode: state.ExitCode, reason, at: timeOf(state.FinishedAt) };
}

export function observeContainer(info: ContainerInspectInfo): ObservedContainer {
  const s = info.State;
  const base = { runtimeId: info.Id, startedAt: timeOf(s.StartedAt) };
  if (s.Running || s.Restarting || s.Paused) {
    return { ...base, status: 'RUNNING', health: s.Health ? fromDockerHealth(s.Health.Status) : undefined };
  }
  if (s.Status === 'created') return { ...base, status: 'CREATED' };
  return { ...base, status: 'STOPPED', exit: exitFromState(s) };
}

/** Replay an observed state into a sink (idempotent, used after missed events). */
export function replayObserved(o: ObservedContainer, name: string, sink: ContainerEventSink): void {
  if (o.status === 'RUNNING') {
    sink.containerStarted(name, o.startedAt);
    if (o.health) sink.containerHealth(name, o.health);
  } else if (o.status === 'STOPPED') {
    sink.containerExited(name, o.exit ?? {});
  }
}

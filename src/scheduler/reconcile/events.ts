/** Service event messages, worded as ECS words them, and the newest-first event list. */
import { MAX_SERVICE_EVENTS, type ServiceEventRecord } from '../../domain/service.js';
import { NO_INSTANCES_MESSAGE, type ClosestMatch } from '../placement/index.js';

/** Task ids listed in one "has started" / "has stopped" event; more tasks make more events. */
export const MAX_TASKS_PER_EVENT = 10;

const TROUBLESHOOTING = 'For more information, see the Troubleshooting section.';
const svc = (name: string) => `(service ${name})`;
const taskList = (ids: readonly string[]) => ids.map((id) => `(task ${id})`).join(' ');

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const messages = {
  started: (name: string, taskIds: readonly string[]) =>
    chunks(taskIds, MAX_TASKS_PER_EVENT).map((ids) => `${svc(name)} has started ${ids.length} tasks: ${taskList(ids)}.`),
  stopped: (name: string, taskIds: readonly string[]) =>
    chunks(taskIds, MAX_TASKS_PER_EVENT).map((ids) => `${svc(name)} has stopped ${ids.length} running tasks: ${taskList(ids)}.`),
  steadyState: (name: string) => `${svc(name)} has reached a steady state.`,
  unableToPlace(name: string, closest: ClosestMatch): string {
    const head = `${svc(name)} was unable to place a task because no container instance met all of its requirements.`;
    if (!closest.instanceId) return `${head} Reason: ${NO_INSTANCES_MESSAGE} ${TROUBLESHOOTING}`;
    return `${head} The closest matching (container-instance ${closest.instanceId}) ${closest.message}. ${TROUBLESHOOTING}`;
  },
  deploymentConfigurationStuck: (name: string) =>
    `${svc(name)} was unable to stop or start tasks during a deployment because of the service deployment configuration. ` +
    'Update the minimumHealthyPercent or maximumPercent value and try again.',
  unableToConsistentlyStart: (name: string) => `${svc(name)} is unable to consistently start tasks successfully. ${TROUBLESHOOTING}`,
  deploymentFailed: (name: string, deploymentId: string) =>
    `${svc(name)} (deployment ${deploymentId}) deployment failed: tasks failed to start.`,
  alarmDetected: (name: string, deploymentId: string) => `${svc(name)} (deployment ${deploymentId}) deployment failed: alarm detected.`,
  /** Berth's own: ECS documents nothing for a named alarm that does not exist; Berth says so rather than watch nothing. */
  alarmsNotFound: (name: string, deploymentId: string, alarmNames: readonly string[]) =>
    `${svc(name)} (deployment ${deploymentId}) could not find the CloudWatch alarms (${alarmNames.join(', ')}): ` +
    'they cannot fail the deployment until they exist.',
  rollingBack: (name: string, deploymentId: string) => `${svc(name)} rolling back to deployment ${deploymentId}.`,
  deploymentCompleted: (name: string, deploymentId: string) => `${svc(name)} (deployment ${deploymentId}) deployment completed.`,
};

/** rolloutStateReason values. */
export const rolloutReasons = {
  completed: (deploymentId: string) => `ECS deployment ${deploymentId} completed.`,
  breakerFailed: 'ECS deployment circuit breaker: tasks failed to start.',
  rollingBack: (deploymentId: string) => `ECS deployment circuit breaker: rolling back to deploymentId ${deploymentId}.`,
  alarmFailed: (alarmNames: readonly string[]) => `ECS deployment detected triggered alarms: ${alarmNames.join(', ')}.`,
  alarmRollingBack: (deploymentId: string) => `ECS deployment detected triggered alarms: rolling back to deploymentId ${deploymentId}.`,
};

/** Task stoppedReason values. */
export const stopReasons = {
  scaling: (deploymentId: string) => `Scaling activity initiated by (deployment ${deploymentId})`,
  serviceDeleted: 'Service is being deleted',
  instanceLost: 'Task stopped because the container instance was lost: its agent stopped reporting.',
  instanceGone: 'Task stopped because the container instance was deregistered.',
  unhealthy: 'Task failed container health checks',
};

/**
 * Prepends `newMessages` (oldest first) to `events` (newest first). A message
 * equal to the newest event is dropped, as ECS suppresses repeats. At most 100
 * are kept. Returns the same array when nothing was added.
 */
export function appendEvents(
  events: readonly ServiceEventRecord[],
  newMessages: readonly string[],
  createdAt: number,
  newEventId: () => string,
): ServiceEventRecord[] {
  const added: ServiceEventRecord[] = [];
  let newest = events[0]?.message;
  for (const message of newMessages) {
    if (message === newest) continue;
    added.push({ id: newEventId(), createdAt, message });
    newest = message;
  }
  if (added.length === 0) return events as ServiceEventRecord[];
  return [...added.reverse(), ...events].slice(0, MAX_SERVICE_EVENTS);
}

import { REASON_AGENT } from './filters/agent-connected.js';
import { REASON_CPU } from './filters/cpu.js';
import { REASON_DISTINCT_INSTANCE } from './filters/distinct-instance.js';
import { REASON_NOT_ACTIVE } from './filters/instance-status.js';
import { REASON_MEMBER_OF } from './filters/member-of.js';
import { REASON_MEMORY } from './filters/memory.js';
import { REASON_PORTS, REASON_PORTS_UDP } from './filters/ports.js';
import { REASON_ATTRIBUTE } from './filters/required-attributes.js';
import type { ClosestMatch } from './types.js';
import type { WorkingInstance } from './working-instance.js';

/** ECS's service event wording when the cluster has no usable instance. */
export const NO_INSTANCES_MESSAGE = 'No Container Instances were found in your cluster.';

/**
 * What ECS service events say after "The closest matching
 * (container-instance <id>)". Reasons ECS reports only as an error code are
 * quoted, as ECS does: `encountered error "AGENT"`.
 */
const MESSAGES: Record<string, string> = {
  [REASON_CPU]: 'has insufficient CPU units available',
  [REASON_MEMORY]: 'has insufficient memory available',
  [REASON_PORTS]: 'is already using a port required by your task',
  [REASON_PORTS_UDP]: 'is already using a port required by your task',
  [REASON_ATTRIBUTE]: 'is missing an attribute required by your task',
  [REASON_AGENT]: `encountered error "${REASON_AGENT}"`,
  [REASON_DISTINCT_INSTANCE]: `encountered error "${REASON_DISTINCT_INSTANCE}"`,
  [REASON_MEMBER_OF]: `encountered error "${REASON_MEMBER_OF}"`,
};

/** Instances that are not ACTIVE do not count as candidates: their absence is MISSING. */
export function closestMatch(found: { instance: WorkingInstance; reason: string } | undefined): ClosestMatch {
  if (!found || found.reason === REASON_NOT_ACTIVE) {
    return { instanceId: '', instanceArn: '', reason: REASON_NOT_ACTIVE, message: NO_INSTANCES_MESSAGE };
  }
  const { instance, reason } = found;
  return {
    instanceId: instance.id,
    instanceArn: instance.arn,
    reason,
    message: MESSAGES[reason] ?? `encountered error "${reason}"`,
  };
}

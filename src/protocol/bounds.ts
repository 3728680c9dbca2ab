/**
 * Every limit of the agent protocol, in one place (docs/agent-protocol.md
 * lists them). The control plane refuses a message past any of them; the
 * agent never sends one (it truncates its free-text reasons and sends at most
 * MAX_REPORTS_PER_POLL reports per poll, the rest on the next ones).
 */

/** Task reports in one poll: a host with more unsent reports sends them over several polls. */
export const MAX_REPORTS_PER_POLL = 100;
/** Usage samples in one poll: one per running task; a host running more sends the first ones. */
export const MAX_USAGE_PER_POLL = 1000;
/** Assignments in one poll answer: every live task of one instance. */
export const MAX_ASSIGNMENTS_PER_POLL = 10_000;
/** Containers of one task (ECS's own quota is 10 per task definition). */
export const MAX_CONTAINERS_PER_TASK = 100;
/** Port mappings (resolved) or network bindings of one container. */
export const MAX_PORTS_PER_CONTAINER = 1024;
/** Volumes of one task. */
export const MAX_VOLUMES_PER_TASK = 1000;

/** ARNs, cluster names or ARNs, task ids, runtime ids (IAM's longest ARN is 2048). */
export const MAX_ID_LENGTH = 2048;
/** Container names and task definition families (ECS: 255 letters, digits, '-' and '_'). */
export const MAX_NAME_LENGTH = 255;
/** Free text: stop reasons and container reasons (longer ones are truncated by their sender). */
export const MAX_REASON_LENGTH = 1024;
/** Nesting of a container definition member's value (ECS's shapes nest 5 deep at most). */
export const MAX_SPEC_VALUE_DEPTH = 8;

/** Epoch milliseconds: JavaScript's Date range. */
export const MAX_TIMESTAMP_MS = 8.64e15;
/** How long an agent may be told to wait between polls. */
export const MAX_POLL_INTERVAL_MS = 3_600_000;

/**
 * Every limit of the agent protocol, in one place (docs/agent-protocol.md
 * lists them). The control plane refuses a message past any of them; the
 * agent never sends one (it truncates its free-text reasons and sends at most
 * MAX_REPORTS_PER_POLL reports, and half of MAX_POLL_REQUEST_BYTES of them,
 * per poll, the rest on the next ones). Bounds on what the control plane
 * sends are set so that nothing RegisterTaskDefinition accepts (10
 * containers, 64 KiB per definition) can exceed them.
 */

/** A poll's JSON, in UTF-8 bytes (the API's body cap for the poll: src/api/limits.ts). */
export const MAX_POLL_REQUEST_BYTES = 1024 * 1024;

/** Task reports in one poll: a host with more unsent reports sends them over several polls. */
export const MAX_REPORTS_PER_POLL = 100;
/** Usage samples in one poll: one per running task; a host running more sends the first ones. */
export const MAX_USAGE_PER_POLL = 1000;
/** Assignments in one poll answer: every live task of one instance. */
export const MAX_ASSIGNMENTS_PER_POLL = 10_000;
/** Containers of one task: ECS's quota per task definition, which RegisterTaskDefinition enforces. */
export const MAX_CONTAINERS_PER_TASK = 10;
/** Port mappings (resolved) or network bindings of one container: every TCP and UDP port of a host. */
export const MAX_PORTS_PER_CONTAINER = 2 * 65_536;
/** Volumes of one task: more than a 64 KiB task definition can list. */
export const MAX_VOLUMES_PER_TASK = 32_768;

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

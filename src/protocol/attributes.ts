/** Container instance attributes in Berth's own namespace, set by the agent at registration and read by the control plane. */

/** Which driver runs the instance's tasks: docker, process or hollow. */
export const DRIVER_ATTRIBUTE = 'berth.driver';
/** The agent's version. */
export const AGENT_VERSION_ATTRIBUTE = 'berth.agent-version';
/**
 * Instances that share one host (the local cluster of `npm start`) each get a
 * slice of the dynamic port range, `<min>-<max>` (see dynamic-ports.ts); the
 * control plane hands each only ports from its slice, so two of them are
 * never given the same host port.
 */
export const DYNAMIC_PORTS_ATTRIBUTE = 'berth.dynamic-ports';

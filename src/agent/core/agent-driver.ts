import type { Driver } from '../runtime/types.js';

/**
 * What the agent core needs from a container runtime: a Driver whose name is
 * any label (docker, process, or hollow for simulated hosts). The name is only
 * advertised as the `berth.driver` attribute.
 */
export type AgentDriver = Omit<Driver, 'name'> & { readonly name: string };

/**
 * Which local agent's state dir belongs to a container instance: each agent
 * saves its identity in `<stateDir>/instance.json` (src/agent/control-loop/registration.ts),
 * and local agents live in `<root>/agent-<i>` (infra/local/local-agents.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonFile } from '../../../src/agent/control-loop/state-file.js';
import type { InstanceIdentity } from '../../../src/agent/control-loop/registration.js';

/** Where `npm start` keeps its agents. */
export const DEFAULT_AGENTS_ROOT = fileURLToPath(new URL('../../../.berth/agents', import.meta.url));

export function findAgentStateDir(root: string, containerInstanceArn: string): string | undefined {
  if (!existsSync(root)) return undefined;
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(root, entry.name);
    try {
      const identity = readJsonFile(join(dir, 'instance.json')) as Partial<InstanceIdentity> | undefined;
      if (identity?.containerInstanceArn === containerInstanceArn) return dir;
    } catch {
      // A half-written or foreign file names no instance; keep looking.
    }
  }
  return undefined;
}

/** The agent's own log (src/agent/control-loop/agent.ts writes it next to its identity). */
export const agentLogPath = (stateDir: string): string => join(stateDir, 'agent.log');

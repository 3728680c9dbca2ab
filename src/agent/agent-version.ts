/**
 * The version the agent reports (berth.agent-version). The single-file bundle
 * has it fixed at build time (infra/agent/build-agent.ts); from a checkout it
 * is package.json's.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

declare const __BERTH_AGENT_VERSION__: string | undefined;

/** True in dist/agent/berth-agent.mjs. */
export const isBundled = typeof __BERTH_AGENT_VERSION__ === 'string';

export function agentVersion(): string {
  if (isBundled) return __BERTH_AGENT_VERSION__!;
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** The bundle's own file (everything is inlined, so this module's URL is the bundle's); undefined from a checkout. */
export function bundleFile(): string | undefined {
  return isBundled ? fileURLToPath(import.meta.url) : undefined;
}

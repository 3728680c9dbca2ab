/**
 * How a container definition becomes a host process: argv from entryPoint +
 * command, the executable looked up on PATH, and the environment.
 *
 * Environment contract (what a process-driver "container" sees):
 *  - PATH, HOME, LANG, TZ, TMPDIR from the agent (nothing else of the agent's
 *    environment leaks in), then the container's `environment`;
 *  - BERTH_TASK_ARN, BERTH_CONTAINER_NAME;
 *  - PORT = host port of the first port mapping (unless `environment` sets PORT);
 *  - BERTH_HOST_PORT_<containerPort> = its host port (suffix _UDP for udp),
 *    since every process shares the host network and must bind the host port;
 *  - for each link `name[:alias]`, Docker-style link variables
 *    <ALIAS>_PORT_<containerPort>_<TCP|UDP>_ADDR=127.0.0.1 and ..._PORT=<hostPort>.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { parseLink } from '../supervision/dependencies.js';
import type { ContainerSpec, TaskSpec } from '../../../protocol/index.js';

const PASSED_THROUGH = ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR'] as const;

export function commandLine(c: ContainerSpec): string[] {
  return [...(c.entryPoint ?? []), ...(c.command ?? [])];
}

export function processEnvironment(task: TaskSpec, c: ContainerSpec, agentEnv: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of PASSED_THROUGH) {
    const v = agentEnv[key];
    if (v !== undefined) env[key] = v;
  }
  for (const e of c.environment ?? []) if (e.name) env[e.name] = e.value ?? '';
  env.BERTH_TASK_ARN = task.taskArn;
  env.BERTH_CONTAINER_NAME = c.name;
  const first = c.portMappings?.[0];
  if (first && env.PORT === undefined) env.PORT = String(first.hostPort);
  for (const p of c.portMappings ?? []) {
    env[`BERTH_HOST_PORT_${p.containerPort}${p.protocol === 'udp' ? '_UDP' : ''}`] = String(p.hostPort);
  }
  for (const link of c.links ?? []) {
    const { name, alias } = parseLink(link);
    const target = task.containers.find((x) => x.name === name);
    const prefix = alias.toUpperCase().replace(/[^A-Z0-9]/g, '_');
    for (const p of target?.portMappings ?? []) {
      const key = `${prefix}_PORT_${p.containerPort}_${(p.protocol ?? 'tcp').toUpperCase()}`;
      env[`${key}_ADDR`] = '127.0.0.1';
      env[`${key}_PORT`] = String(p.hostPort);
    }
  }
  return env;
}

/**
 * Absolute path of the executable: a name with a slash is taken relative to
 * cwd, a bare name is searched on PATH (the container's PATH if it sets one).
 */
export function resolveExecutable(command: string, pathEnv: string | undefined, cwd: string): string | undefined {
  if (command.includes('/')) {
    const p = isAbsolute(command) ? command : resolve(cwd, command);
    return isExecutable(p) ? p : undefined;
  }
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, command);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

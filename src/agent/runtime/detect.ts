/** Pick the container runtime for this host: Docker Engine when it answers, else host processes. */
import Docker from 'dockerode';
import type { Logger } from '../../logging/logger.js';
import { DockerDriver, type DockerDriverOptions } from './docker/docker-driver.js';
import { ProcessDriver, type ProcessDriverOptions } from './process/process-driver.js';
import type { TaskDriver } from './task-driver.js';

export const DOCKER_PING_TIMEOUT_MS = 1000;

/** dockerode's ping accepts an abort signal that its type definitions leave out. */
type PingWithSignal = (opts: { abortSignal: AbortSignal }) => Promise<unknown>;

/** Whether the Engine answers a ping within timeoutMs. */
export async function pingDocker(docker: Docker, timeoutMs: number = DOCKER_PING_TIMEOUT_MS): Promise<boolean> {
  try {
    await (docker.ping.bind(docker) as unknown as PingWithSignal)({ abortSignal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}

export interface DetectOptions {
  /** Handed to whichever driver is chosen. */
  logger: Logger;
  docker?: Omit<DockerDriverOptions, 'logger'>;
  process?: Omit<ProcessDriverOptions, 'logger'>;
  pingTimeoutMs?: number;
}

/** The Docker driver when Docker Engine answers a ping within ~1 s, otherwise the process driver. */
export async function detectDriver(opts: DetectOptions): Promise<TaskDriver> {
  const docker = opts.docker?.docker ?? new Docker();
  if (await pingDocker(docker, opts.pingTimeoutMs)) return new DockerDriver({ ...opts.docker, docker, logger: opts.logger });
  return new ProcessDriver({ ...opts.process, logger: opts.logger });
}

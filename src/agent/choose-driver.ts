/** The container runtime a `berth-agent` runs its tasks on, chosen by --driver. */
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import type { Logger } from '../logging/logger.js';
import type { DriverChoice } from './cli-options.js';
import { dockerCapabilities, LoggingDriverUnavailableError, PROCESS_CAPABILITIES, readEngineFacts } from './runtime/capabilities.js';
import { detectDriver, pingDocker } from './runtime/detect.js';
import { DockerDriver } from './runtime/docker/docker-driver.js';
import { ProcessDriver } from './runtime/process/process-driver.js';
import type { TaskDriver } from './runtime/task-driver.js';

export interface ChosenDriver {
  driver: TaskDriver;
  /** Why this driver, for the agent's first line: "--driver docker", "auto: Docker Engine answers", … */
  chosenBy: string;
  /** For versionInfo.dockerVersion, as the ECS agent reports it ("DockerVersion: 24.0.7"). */
  dockerVersion?: string;
  /** The ECS capability attributes the instance advertises (runtime/capabilities.ts). */
  capabilities: readonly string[];
}

/** Where an agent with state dir `agentStateDir` keeps its process-driver tasks (pid files, reports, logs). */
export const processDriverStateDir = (agentStateDir: string): string => join(agentStateDir, 'process-driver');

/** The owner label of the containers an agent creates: its state dir, absolute (see DockerDriverOptions.owner). */
export const dockerOwner = (agentStateDir: string): string => resolve(agentStateDir);

export class DockerUnavailableError extends Error {
  override name = 'DockerUnavailableError';
}

/**
 * The Docker driver's containers carry the state dir as their owner, so agents
 * sharing one Engine adopt only their own; the process driver keeps its task
 * state under the same state dir, which isolates it the same way.
 */
export async function chooseDriver(
  choice: DriverChoice,
  opts: { cluster: string; stateDir: string; logger: Logger; loggingDrivers?: readonly string[] },
): Promise<ChosenDriver> {
  const docker = new Docker();
  const dockerOptions = { docker, cluster: opts.cluster, owner: dockerOwner(opts.stateDir), logger: opts.logger };
  const processOptions = { cluster: opts.cluster, stateDir: processDriverStateDir(opts.stateDir), logger: opts.logger };
  let driver: TaskDriver;
  let chosenBy = `--driver ${choice}`;
  if (choice === 'auto') {
    driver = await detectDriver({ logger: opts.logger, docker: dockerOptions, process: processOptions });
    chosenBy = driver.name === 'docker' ? 'auto: Docker Engine answers' : 'auto: no Docker Engine answers, tasks run as host processes';
  } else if (choice === 'docker') {
    if (!(await pingDocker(docker))) {
      throw new DockerUnavailableError(
        '--driver docker, but Docker Engine does not answer (is dockerd running? DOCKER_HOST or /var/run/docker.sock)',
      );
    }
    driver = new DockerDriver(dockerOptions);
  } else {
    driver = new ProcessDriver(processOptions);
  }
  if (driver.name !== 'docker') {
    if (opts.loggingDrivers?.length) {
      await driver.close();
      throw new LoggingDriverUnavailableError('--logging-drivers: the process driver has no Docker logging drivers');
    }
    return { driver, chosenBy, capabilities: PROCESS_CAPABILITIES };
  }
  let capabilities: string[];
  try {
    capabilities = dockerCapabilities(await readEngineFacts(docker), opts.loggingDrivers);
  } catch (err) {
    await driver.close();
    throw err;
  }
  const version = await docker.version().then(
    (v) => v.Version,
    () => undefined,
  );
  return { driver, chosenBy, capabilities, dockerVersion: version ? `DockerVersion: ${version}` : undefined };
}

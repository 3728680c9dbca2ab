/**
 * Docker availability for the Docker driver integration tests: they skip when
 * no Engine answers, except under BERTH_REQUIRE_DOCKER=1 (CI), where a missing
 * Engine is a failure.
 */
import Docker from 'dockerode';
import { describe, test } from 'vitest';
import { pingDocker } from '../../../src/agent/runtime/detect.js';
import { LABEL } from '../../../src/agent/runtime/docker/labels.js';
import { createLogger } from '../../../src/logging/json-lines-logger.js';

export const docker = new Docker();

/** The drivers' logger: JSON lines on stdout, as an agent's. */
export const logger = createLogger({ level: 'warn' });

export const dockerReachable = await pingDocker(docker);

export function describeDocker(name: string, body: () => void): void {
  if (!dockerReachable && process.env.BERTH_REQUIRE_DOCKER === '1') {
    describe(name, () => {
      test('Docker Engine is reachable (BERTH_REQUIRE_DOCKER=1)', () => {
        throw new Error('BERTH_REQUIRE_DOCKER=1 but no Docker Engine answered a ping (DOCKER_HOST or /var/run/docker.sock)');
      });
    });
    return;
  }
  describe.skipIf(!dockerReachable)(name, body);
}

/** Containers Docker holds for a task (by Berth's label). */
export async function taskContainers(taskArn: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${LABEL.taskArn}=${taskArn}`] } });
}

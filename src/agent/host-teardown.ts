/**
 * What happens to a host's tasks when the host itself goes away (an EC2
 * instance terminated): every container or process it ran dies with it. The
 * agent's own SIGTERM deliberately leaves tasks running (as the ECS agent
 * does); this is the other case, used by the local Auto Scaling twin when it
 * terminates one of its instances. Call it once the agent process is gone.
 */
import Docker from 'dockerode';
import { createLogger } from '../logging/json-lines-logger.js';
import { dockerOwner, processDriverStateDir } from './choose-driver.js';
import { LABEL } from './runtime/docker/labels.js';
import { ProcessDriver } from './runtime/process/process-driver.js';

/** Removes the Docker containers and kills the host processes of the agent whose state dir this is; returns how many tasks' worth it removed. */
export async function teardownHostTasks(stateDir: string, docker: Docker = new Docker()): Promise<number> {
  let removed = 0;
  const containers = await docker
    .listContainers({ all: true, filters: { label: [`${LABEL.owner}=${dockerOwner(stateDir)}`] } })
    .catch(() => []);
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .then(() => removed++)
        .catch(() => undefined),
    ),
  );
  const processes = new ProcessDriver({ stateDir: processDriverStateDir(stateDir), logger: createLogger() });
  for (const id of processes.store.taskIds()) {
    const arn = processes.store.readTask(id)?.taskArn;
    if (!arn) continue;
    await processes.remove(arn);
    removed++;
  }
  return removed;
}

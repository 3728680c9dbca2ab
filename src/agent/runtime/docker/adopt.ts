/** Find Berth tasks on a Docker host from container labels (after an agent restart). */
import type Docker from 'dockerode';
import type { ObservedContainer } from '../supervision/container-runtime.js';
import type { ContainerSpec, TaskSpec } from '../../../protocol/index.js';
import { observeContainer } from './container-state.js';
import { LABEL, type LabelledTask, parseContainerLabels, parseTaskLabels } from './labels.js';

export interface DiscoveredTask {
  spec: TaskSpec;
  observed: Map<string, ObservedContainer>;
}

/** Every Berth task on the host, optionally limited to one cluster, one owner and/or one task ARN. */
export async function discoverTasks(
  docker: Docker,
  filter: { cluster?: string; owner?: string; taskArn?: string } = {},
): Promise<DiscoveredTask[]> {
  const label = [`${LABEL.managed}=true`];
  if (filter.cluster) label.push(`${LABEL.cluster}=${filter.cluster}`);
  if (filter.owner) label.push(`${LABEL.owner}=${filter.owner}`);
  if (filter.taskArn) label.push(`${LABEL.taskArn}=${filter.taskArn}`);
  const listed = await docker.listContainers({ all: true, filters: { label } });

  const tasks = new Map<
    string,
    { identity: LabelledTask; containers: Map<string, ContainerSpec>; observed: Map<string, ObservedContainer> }
  >();
  for (const summary of listed) {
    const identity = parseTaskLabels(summary.Labels);
    const container = parseContainerLabels(summary.Labels, summary.Image);
    if (!identity || !container) continue;
    let info;
    try {
      info = await docker.getContainer(summary.Id).inspect();
    } catch {
      continue; // removed between list and inspect
    }
    const entry = tasks.get(identity.taskArn) ?? { identity, containers: new Map(), observed: new Map() };
    tasks.set(identity.taskArn, entry);
    entry.containers.set(container.name, { ...container, image: info.Config.Image });
    entry.observed.set(container.name, observeContainer(info));
  }

  return [...tasks.values()].map(({ identity, containers, observed }) => {
    // Keep the task's container order; a name without a container is
    // reported missing by the supervisor (the agent died mid-creation).
    const names = identity.containerNames.length ? identity.containerNames : [...containers.keys()];
    return {
      spec: {
        taskArn: identity.taskArn,
        taskId: identity.taskId,
        clusterName: identity.clusterName,
        family: identity.family,
        revision: identity.revision,
        networkMode: identity.networkMode,
        containers: names.map((name) => containers.get(name) ?? { name }),
      },
      observed,
    };
  });
}

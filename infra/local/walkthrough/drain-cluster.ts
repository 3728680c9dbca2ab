/**
 * Leaving nothing behind on a local cluster: services deleted, tasks stopped
 * by their agents (the polite way), and then whatever Docker still holds for
 * the cluster removed by force (a test that failed, an agent that died).
 */
import {
  DeleteServiceCommand,
  DescribeClustersCommand,
  type ECSClient,
  ListServicesCommand,
  ListTasksCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import type Docker from 'dockerode';
import { LABEL } from '../../../src/agent/runtime/docker/labels.js';

/** Deletes every service (force) and stops every task, then waits until the agents report them all STOPPED. */
export async function drainCluster(ecs: ECSClient, cluster: string, timeoutMs = 30_000): Promise<void> {
  const { serviceArns } = await ecs.send(new ListServicesCommand({ cluster }));
  for (const service of serviceArns ?? []) await ecs.send(new DeleteServiceCommand({ cluster, service, force: true }));
  const { taskArns } = await ecs.send(new ListTasksCommand({ cluster }));
  for (const task of taskArns ?? []) await ecs.send(new StopTaskCommand({ cluster, task, reason: 'cluster drained' }));
  await waitNoLiveTasks(ecs, cluster, timeoutMs);
}

/** Live = not yet STOPPED, as the instances' task counters see it. */
export async function waitNoLiveTasks(ecs: ECSClient, cluster: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [c] = (await ecs.send(new DescribeClustersCommand({ clusters: [cluster] }))).clusters ?? [];
    const live = (c?.runningTasksCount ?? 0) + (c?.pendingTasksCount ?? 0);
    if (live === 0) return;
    if (Date.now() > deadline) throw new Error(`cluster ${cluster} still has ${live} live task(s) after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Force-removes every container Berth created for the cluster (by label), with its anonymous volumes. */
export async function removeClusterContainers(docker: Docker, cluster: string): Promise<number> {
  const left = await docker.listContainers({ all: true, filters: { label: [`${LABEL.cluster}=${cluster}`] } });
  await Promise.all(
    left.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
  return left.length;
}

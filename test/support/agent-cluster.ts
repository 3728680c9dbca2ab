/**
 * A cluster of real local agents (infra/local/local-agents.ts) for an e2e
 * file, and a teardown that leaves nothing behind: services deleted, tasks
 * stopped by their agents, agents stopped, then any container or process
 * that survived (a failed test, an agent that died) removed by force.
 */
import { CreateClusterCommand, type ECSClient } from '@aws-sdk/client-ecs';
import Docker from 'dockerode';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { startLocalAgents, usageIntervalFor, type LocalAgents } from '../../infra/local/local-agents.js';
import { drainCluster, removeClusterContainers } from '../../infra/local/walkthrough/drain-cluster.js';
import { teardownHostTasks } from '../../src/agent/host-teardown.js';
import { joinToken } from './security.js';

export interface AgentCluster {
  cluster: string;
  stateRoot: string;
  agents: LocalAgents;
  teardown(): Promise<void>;
}

/** Until the control plane answers with its own interval (300 ms in the e2e stack). */
const POLL_INTERVAL_MS = 300;

export async function startAgentCluster(
  ecs: ECSClient,
  cluster: string,
  driver: 'docker' | 'process',
  count = 3,
  portSliceOffset = 0,
  /** `--logging-drivers` of every agent (default: what Docker Engine has). */
  loggingDrivers?: string[],
): Promise<AgentCluster> {
  const docker = new Docker();
  if (driver === 'docker') await removeClusterContainers(docker, cluster); // leftovers of an aborted earlier run
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const stateRoot = mkdtempSync(join(tmpdir(), `berth-${cluster}-`));
  const agents = await startLocalAgents({
    endpoint: inject('ecsEndpoint'),
    cluster,
    count,
    stateRoot,
    driver,
    joinToken: await joinToken(cluster),
    pollIntervalMs: POLL_INTERVAL_MS,
    usageIntervalMs: usageIntervalFor(inject('metricPeriodSeconds')),
    portSliceOffset,
    loggingDrivers,
    log: (line) => console.log(`[${cluster}] ${line}`),
  });
  return {
    cluster,
    stateRoot,
    agents,
    async teardown() {
      try {
        await drainCluster(ecs, cluster);
      } finally {
        await agents.stop();
        if (driver === 'docker') await removeClusterContainers(docker, cluster);
        else await killProcesses(agents);
        rmSync(stateRoot, { recursive: true, force: true });
      }
    },
  };
}

/** Whatever the agents' tasks left (SIGKILLs surviving process groups, drops their state). */
async function killProcesses(agents: LocalAgents): Promise<void> {
  for (const a of agents.agents) await teardownHostTasks(a.stateDir);
}

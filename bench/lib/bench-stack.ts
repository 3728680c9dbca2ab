/**
 * What the end-to-end benchmarks stand on: the local stack in memory on free
 * ports (default settings, as `npm start` has them), a cluster in it, an ECS
 * client, a state folder for agents, and, for the ones on real containers,
 * Docker agents joined with a join token. stop() undoes all of it, whatever
 * the benchmark got to.
 */
import { CreateClusterCommand, type ECSClient } from '@aws-sdk/client-ecs';
import Docker from 'dockerode';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalAgents, type LocalAgents } from '../../infra/local/local-agents.js';
import { freePort } from '../../infra/local/ports.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { drainCluster, removeClusterContainers } from '../../infra/local/walkthrough/drain-cluster.js';
import { localEcsClient } from '../../infra/local/walkthrough/local-ecs.js';
import { ensureLocalImage } from '../../src/agent/test-image.js';

export interface BenchStack {
  stack: LocalStack;
  ecs: ECSClient;
  cluster: string;
  /** A new folder for the agents' state, removed by stop(). */
  stateRoot: string;
  stop(): Promise<void>;
}

const say = (line: string) => console.log(line);

/** The stack (table berth-<bench>) with `cluster` created in it. */
export async function startBenchStack(bench: string, cluster: string): Promise<BenchStack> {
  const stack = await startLocalStack({
    port: await freePort(),
    lambdaPort: await freePort(),
    dynamoPort: await freePort(),
    tableName: `berth-${bench}`,
    log: (l) => say(`  ${l}`),
  });
  const stateRoot = mkdtempSync(join(tmpdir(), `berth-${bench}-`));
  const stop = async () => {
    await stack.stop();
    rmSync(stateRoot, { recursive: true, force: true });
  };
  const ecs = localEcsClient(stack.endpoint);
  try {
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  } catch (err) {
    await stop();
    throw err;
  }
  return { stack, ecs, cluster, stateRoot, stop };
}

export interface DockerBench extends BenchStack {
  docker: Docker;
  agents: LocalAgents;
}

/** The stack, the test image, and `count` Docker agents in `cluster`; stop() first stops the cluster's tasks and removes their containers. */
export async function startDockerBench(bench: string, cluster: string, count: number): Promise<DockerBench> {
  const base = await startBenchStack(bench, cluster);
  const docker = new Docker();
  let agents: LocalAgents | undefined;
  const stop = async () => {
    say('▸ cleaning up');
    await drainCluster(base.ecs, cluster).catch((err: unknown) => say(`  ! drain failed: ${String(err)}`));
    await agents?.stop();
    await removeClusterContainers(docker, cluster);
    await base.stop();
  };
  try {
    await ensureLocalImage(docker);
    say(`▸ starting ${count} Docker agents`);
    agents = await startLocalAgents({
      endpoint: base.stack.endpoint,
      cluster,
      count,
      stateRoot: base.stateRoot,
      driver: 'docker',
      joinToken: await base.stack.joinToken(cluster),
      log: (l) => say(`  [agents] ${l}`),
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { ...base, docker, agents, stop };
}

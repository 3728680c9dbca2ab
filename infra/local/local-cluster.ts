/**
 * The `default` cluster of `npm start` with N local container instances: real
 * agents on Docker Engine when it answers, on the process driver otherwise
 * (a fresh machine without Docker still gets a working cluster).
 */
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import Docker from 'dockerode';
import { pingDocker } from '../../src/agent/runtime/detect.js';
import { startLocalAgents, usageIntervalFor, type LocalAgents } from './local-agents.js';

export const LOCAL_CLUSTER = 'default';

export interface LocalCluster {
  driver: 'docker' | 'process';
  agents: LocalAgents;
}

export async function startLocalCluster(opts: {
  endpoint: string;
  instances: number;
  stateRoot: string;
  /** The stack's metric period: agents sample usage at least twice per period. */
  metricPeriodSeconds?: number;
  log: (line: string) => void;
}): Promise<LocalCluster> {
  const ecs = new ECSClient({
    endpoint: opts.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  // CreateCluster answers with the existing cluster when there is one.
  await ecs.send(new CreateClusterCommand({ clusterName: LOCAL_CLUSTER }));
  ecs.destroy();
  // One choice for every agent, made here, so the banner can say which it is.
  const driver = (await pingDocker(new Docker())) ? 'docker' : 'process';
  if (opts.instances > 0) {
    const why = driver === 'docker' ? 'Docker Engine answers' : 'no Docker Engine answers: tasks run as host processes';
    opts.log(
      `▸ starting ${opts.instances} local container instance${opts.instances === 1 ? '' : 's'} in cluster ${LOCAL_CLUSTER}, ${driver} driver (${why}); state in ${opts.stateRoot}`,
    );
  }
  const agents = await startLocalAgents({
    endpoint: opts.endpoint,
    cluster: LOCAL_CLUSTER,
    count: opts.instances,
    stateRoot: opts.stateRoot,
    driver,
    usageIntervalMs: opts.metricPeriodSeconds ? usageIntervalFor(opts.metricPeriodSeconds) : undefined,
    log: (line) => opts.log(`  [${line}]`),
  });
  return { driver, agents };
}

/**
 * The `default` cluster of `npm start` with N local container instances: real
 * agents on Docker Engine when it answers, on the process driver otherwise
 * (a fresh machine without Docker still gets a working cluster).
 */
import Docker from 'dockerode';
import { pingDocker } from '../../src/agent/runtime/detect.js';
import { ensureLocalImage, TEST_IMAGE, TestImageError } from '../../src/agent/test-image.js';
import { createCluster } from '../../src/app/clusters/create-cluster.js';
import { createJoinToken } from '../../src/app/security/join-tokens.js';
import type { SecurityStores } from '../../src/app/security/security-stores.js';
import { readConfig } from '../../src/config.js';
import { buildAppContext } from '../../src/wiring/app-context.js';
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
  /** The stack's functions' environment and credential stores: the cluster and a join token are made directly, as an operator would. */
  env: Record<string, string>;
  security: SecurityStores;
  log: (line: string) => void;
}): Promise<LocalCluster> {
  // CreateCluster answers with the existing cluster when there is one. Direct, not through the API: it needs no credential.
  const ecs = buildAppContext(readConfig(opts.env));
  await createCluster({ clusterName: LOCAL_CLUSTER }, ecs);
  // The local agents join with a short-lived token; each then keeps its own credential in its state dir.
  const { token } = await createJoinToken({ cluster: LOCAL_CLUSTER, ttlMs: 3600_000 }, opts.security, ecs);
  // One choice for every agent, made here, so the banner can say which it is.
  const driver = (await pingDocker(new Docker())) ? 'docker' : 'process';
  if (opts.instances > 0) {
    const why = driver === 'docker' ? 'Docker Engine answers' : 'no Docker Engine answers: tasks run as host processes';
    opts.log(
      `▸ starting ${opts.instances} local container instance${opts.instances === 1 ? '' : 's'} in cluster ${LOCAL_CLUSTER}, ${driver} driver (${why}); state in ${opts.stateRoot}`,
    );
    // No registry may be reachable: a local busybox image (httpd on port 80) lets task definitions run as they are.
    if (driver === 'docker') {
      await ensureLocalImage(new Docker()).then(
        () => opts.log(`  local image ${TEST_IMAGE} (busybox sh and httpd) is ready for task definitions`),
        (err) => {
          if (!(err instanceof TestImageError)) throw err;
          opts.log(`  ! no local image ${TEST_IMAGE}: ${err.message}`);
        },
      );
    }
  }
  const agents = await startLocalAgents({
    endpoint: opts.endpoint,
    cluster: LOCAL_CLUSTER,
    count: opts.instances,
    stateRoot: opts.stateRoot,
    driver,
    usageIntervalMs: opts.metricPeriodSeconds ? usageIntervalFor(opts.metricPeriodSeconds) : undefined,
    joinToken: token,
    log: (line) => opts.log(`  [${line}]`),
  });
  return { driver, agents };
}

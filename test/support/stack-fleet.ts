/**
 * Hollow container instances joined to a new cluster of the e2e stack: the
 * cluster is created through the ECS API, each instance joins with a join
 * token as `npx berth join-token create` gives one, polls fast and "starts"
 * a container in 100 ms, so e2e tests watch the control plane, not Docker.
 */
import { CreateClusterCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { startHollowFleet, type HollowFleet, type HollowFleetOptions } from '../../src/agent/hollow/fleet.js';
import { joinToken } from './security.js';

/** Creates `cluster` and starts `count` hollow instances of 1024 CPU units and 2048 MiB in it; options override the defaults. */
export async function startStackFleet(
  ecs: ECSClient,
  cluster: string,
  count: number,
  options: Partial<HollowFleetOptions> = {},
): Promise<HollowFleet> {
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  return startHollowFleet({
    endpoint: inject('ecsEndpoint'),
    cluster,
    joinToken: await joinToken(cluster),
    count,
    cpu: 1024,
    memory: 2048,
    pollIntervalMs: 300,
    stateDir: mkdtempSync(join(tmpdir(), `berth-hollow-${cluster}-`)),
    behavior: { startDelayMs: 100 },
    ...options,
  });
}

/**
 * The local EC2 Auto Scaling twin as `npm start` (and the e2e stack) runs it:
 * its table in DynamoDB Local, and instances that are local Berth agents, each
 * with its own state dir, its own share of the dynamic host ports, the CPU and
 * memory its group's tags give it, and its EC2 instance id (so ECS matches it
 * to its group).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAutoScalingTwin } from '../../src/adapters/local/autoscaling/autoscaling-twin.js';
import { GROUP_TABLE_SPEC } from '../../src/adapters/local/autoscaling/group-store.js';
import type { LocalInstanceHost } from '../../src/adapters/local/autoscaling/instance-host.js';
import type { LocalTwin } from '../../src/adapters/local/local-twin.js';
import { teardownHostTasks } from '../../src/agent/host-teardown.js';
import { ensureTable, type TableSpec } from './ensure-tables.js';
import { autoscalingPortSlices, spawnLocalAgent, stopAgentProcess, usageIntervalFor } from './local-agents.js';
import type { TwinEnvironment } from './twin-environment.js';

export async function startLocalAutoScaling(env: TwinEnvironment): Promise<LocalTwin> {
  const tableName = `${env.functionEnv.BERTH_TABLE ?? 'berth'}-local-autoscaling`;
  await ensureTable(env.dynamodbEndpoint, tableName, GROUP_TABLE_SPEC as TableSpec, env.log);
  const persistent = env.stateDir !== undefined;
  const stateRoot = persistent ? join(env.stateDir!, 'autoscaling') : mkdtempSync(join(tmpdir(), 'berth-autoscaling-'));
  const pollIntervalMs = Number(env.functionEnv.BERTH_POLL_INTERVAL_MS) || undefined;
  const metricPeriod = Number(env.functionEnv.BERTH_METRIC_PERIOD_SECONDS);
  const usageIntervalMs = metricPeriod > 0 ? usageIntervalFor(metricPeriod) : undefined;
  const host: LocalInstanceHost = {
    launch(spec) {
      let stopping = false;
      // Like `npm start`'s agents: a join token on the way in, then the instance's own key in its state dir.
      const spawned = env.joinToken(spec.cluster).then((joinToken) =>
        stopping
          ? undefined
          : spawnLocalAgent({
              name: spec.instanceId,
              endpoint: env.endpoint,
              cluster: spec.cluster,
              stateDir: spec.stateDir,
              zone: spec.zone,
              dynamicPorts: spec.dynamicPorts,
              cpu: spec.cpu,
              memory: spec.memory,
              ec2InstanceId: spec.instanceId,
              joinToken,
              pollIntervalMs,
              usageIntervalMs,
              log: (line) => env.log(`  [${line}]`),
              stopping: () => stopping,
            }),
      );
      return {
        ready: spawned.then((agent) => agent?.ready ?? Promise.reject(new Error(`${spec.instanceId} was stopped before it started`))),
        exited: spawned.then(
          (agent) => agent?.exited,
          () => undefined,
        ),
        stop: async (signal) => {
          stopping = true;
          const agent = await spawned.catch(() => undefined);
          if (agent) await stopAgentProcess(agent, signal, spec.instanceId, env.log);
        },
      };
    },
    async destroy(stateDir) {
      await teardownHostTasks(stateDir);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
  const twin = startAutoScalingTwin({
    dynamodbEndpoint: env.dynamodbEndpoint,
    tableName,
    endpoint: env.endpoint,
    region: env.region,
    accountId: env.accountId,
    host,
    stateRoot,
    portSlices: autoscalingPortSlices(),
    persistent,
    auth: { signingName: 'autoscaling', actionPrefix: 'autoscaling', authenticator: env.authenticator },
    credentials: { accessKeyId: env.functionEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: env.functionEnv.AWS_SECRET_ACCESS_KEY! },
    log: env.log,
  });
  return {
    ...twin,
    async stop() {
      await twin.stop?.();
      if (!persistent) rmSync(stateRoot, { recursive: true, force: true });
    },
  };
}

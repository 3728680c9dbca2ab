import { RegisterContainerInstanceCommand, SubmitTaskStateChangeCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { signedPost } from './security.js';

/**
 * Container instances with no agent: registered through the ECS API, kept
 * connected by an empty poll each second (signed as test/test: an admin key
 * may poll as any instance). Their tasks move only when a test reports them.
 */
export async function registerBareInstance(ecs: ECSClient, cluster: string, zone: string, instanceId: string): Promise<string> {
  const out = await ecs.send(
    new RegisterContainerInstanceCommand({
      cluster,
      instanceIdentityDocument: JSON.stringify({ instanceId, availabilityZone: zone, region: 'us-east-1' }),
      totalResources: [
        { name: 'CPU', type: 'INTEGER', integerValue: 2048 },
        { name: 'MEMORY', type: 'INTEGER', integerValue: 2048 },
      ],
      attributes: [{ name: 'ecs.availability-zone', value: zone }],
      versionInfo: { agentVersion: '1.80.0' },
    }),
  );
  return out.containerInstance!.containerInstanceArn!;
}

/** Polls for every instance `arns()` names now (the list may grow), once at once and then each second. */
export function startHeartbeat(cluster: string, arns: () => readonly string[]): { ready: Promise<void>; stop: () => void } {
  const beat = async () => {
    await Promise.all(
      arns().map((containerInstanceArn) =>
        signedPost({
          path: '/agent/v1/poll',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ cluster, containerInstanceArn }),
        }).catch(() => undefined),
      ),
    );
  };
  const timer = setInterval(() => void beat(), 1000);
  return { ready: beat(), stop: () => clearInterval(timer) };
}

/**
 * Reports a task of a bare instance as its agent would, through SubmitTaskStateChange: its one
 * container `a` moves with it (and exits 0 when it stops). `extra` adds request members.
 */
export async function reportTask(
  ecs: ECSClient,
  cluster: string,
  task: string,
  status: 'RUNNING' | 'STOPPED',
  extra: Partial<ConstructorParameters<typeof SubmitTaskStateChangeCommand>[0]> = {},
) {
  await ecs.send(
    new SubmitTaskStateChangeCommand({
      cluster,
      task,
      status,
      containers: [{ containerName: 'a', status, runtimeId: `docker-${task.slice(-6)}`, ...(status === 'STOPPED' ? { exitCode: 0 } : {}) }],
      ...extra,
    }),
  );
}

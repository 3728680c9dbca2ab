import { send, SIGN_AS_TEST, type Exchange } from './http-client.js';

const TARGET = 'AmazonEC2ContainerServiceV20141113';

/** An ECS call through the raw protocol (the fuzzer speaks HTTP itself); throws on anything but 200. */
export async function ecsCall(endpoint: URL, op: string, input: unknown): Promise<any> {
  const res: Exchange = await send(endpoint, { headers: ecsHeaders(op), body: JSON.stringify(input) }, 30_000);
  if (res.status !== 200) throw new Error(`${op} failed during fuzz setup: ${res.status} ${res.error ?? res.body.slice(0, 300)}`);
  return JSON.parse(res.body);
}

export const ecsHeaders = (op: string): Record<string, string> => ({
  'Content-Type': 'application/x-amz-json-1.1',
  'X-Amz-Target': `${TARGET}.${op}`,
  // Signed for real (as test/test) when sent; cases that test the auth path replace or drop it.
  Authorization: SIGN_AS_TEST,
});

/**
 * The resources the fuzz requests aim at, all named under one namespace so
 * the state snapshot can tell them from anything else on a shared stack:
 * `main` resources that valid mutations may change, `victim` resources that
 * only invalid requests aim at (so a wrongly accepted one shows in the
 * snapshot), and a `probe` cluster for the plain calls timed meanwhile.
 */
export interface Fixture {
  ns: string;
  cluster: string;
  clusterArn: string;
  victimCluster: string;
  probeCluster: string;
  family: string;
  victimFamily: string;
  service: string;
  victimService: string;
  instanceArn: string;
  victimInstanceArn: string;
  probeInstanceArn: string;
  ghostTaskArn: string;
}

/** CPU and memory of 1: nothing fits, so no fuzz request ever starts a task (and no background work follows). */
const TINY_RESOURCES = [
  { name: 'CPU', type: 'INTEGER', integerValue: 1 },
  { name: 'MEMORY', type: 'INTEGER', integerValue: 1 },
  { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22'] },
  { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [] },
];

export async function createFixture(endpoint: URL, ns: string): Promise<Fixture> {
  const [cluster, victimCluster, probeCluster] = [`${ns}-main`, `${ns}-victim`, `${ns}-probe`];
  const created = await ecsCall(endpoint, 'CreateCluster', { clusterName: cluster, tags: [{ key: 'fuzz', value: ns }] });
  await ecsCall(endpoint, 'CreateCluster', { clusterName: victimCluster });
  await ecsCall(endpoint, 'CreateCluster', { clusterName: probeCluster });
  const td = (family: string) => ({
    family,
    containerDefinitions: [{ name: 'web', image: 'busybox', memory: 64, command: ['sleep', '60'] }],
  });
  await ecsCall(endpoint, 'RegisterTaskDefinition', td(`${ns}-td`));
  await ecsCall(endpoint, 'RegisterTaskDefinition', td(`${ns}-victim-td`));
  const register = async (c: string) =>
    (
      await ecsCall(endpoint, 'RegisterContainerInstance', {
        cluster: c,
        totalResources: TINY_RESOURCES,
        attributes: [{ name: 'ecs.os-type', value: 'linux' }],
        versionInfo: { agentVersion: '0.1.0', agentHash: 'fuzz', dockerVersion: 'none' },
      })
    ).containerInstance.containerInstanceArn as string;
  const instanceArn = await register(cluster);
  const victimInstanceArn = await register(victimCluster);
  const probeInstanceArn = await register(probeCluster);
  for (const [c, name] of [
    [cluster, `${ns}-svc`],
    [victimCluster, `${ns}-victim-svc`],
  ]) {
    await ecsCall(endpoint, 'CreateService', { cluster: c, serviceName: name, taskDefinition: `${ns}-td`, desiredCount: 0 });
  }
  // Instances that never poll turn "lost" after BERTH_LOST_AGENT_SECONDS, and then every reconcile pass
  // revisits every service of their cluster: deregistered, they stay addressable but cost nothing.
  for (const [c, arn] of [
    [cluster, instanceArn],
    [victimCluster, victimInstanceArn],
  ]) {
    await ecsCall(endpoint, 'DeregisterContainerInstance', { cluster: c, containerInstance: arn, force: true });
  }
  const clusterArn = created.cluster.clusterArn as string;
  return {
    ns,
    cluster,
    clusterArn,
    victimCluster,
    probeCluster,
    family: `${ns}-td`,
    victimFamily: `${ns}-victim-td`,
    service: `${ns}-svc`,
    victimService: `${ns}-victim-svc`,
    instanceArn,
    victimInstanceArn,
    probeInstanceArn,
    ghostTaskArn: clusterArn.replace(':cluster/', ':task/') + '/0123456789abcdef0123456789abcdef',
  };
}

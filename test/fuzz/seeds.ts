import type { Fixture } from './fixture.js';

/**
 * One valid request per operation Berth serves. `target` says what it aims
 * at: invalid mutations aim at real resources (victims, for destructive
 * operations), so a wrongly accepted one would change the snapshot; valid
 * mutations of destructive or task-starting operations aim at names that do
 * not exist, so the fuzz never deletes its fixture or starts tasks.
 */
export type SeedTarget = 'real' | 'ghost';
type Seed = (fx: Fixture, target: SeedTarget, n: number) => Record<string, unknown>;

const tags = [{ key: 'team', value: 'fuzz' }];
const ghost = (fx: Fixture) => `${fx.ns}-ghost`;
/** A well-formed service deployment / revision ARN of the fixture's cluster that names nothing. */
const ghostHistoryArn = (fx: Fixture, kind: 'service-deployment' | 'service-revision') =>
  fx.ghostTaskArn.replace(/:task\/([^/]+)\/.*$/, `:${kind}/$1/${ghost(fx)}/1234567890123456789`);

export const SEEDS: Readonly<Record<string, Seed>> = {
  CreateCluster: (fx, _t, n) => ({ clusterName: `${fx.ns}-c${n}`, tags, settings: [{ name: 'containerInsights', value: 'disabled' }] }),
  DescribeClusters: (fx) => ({ clusters: [fx.cluster, ghost(fx)], include: ['TAGS', 'SETTINGS'] }),
  ListClusters: () => ({ maxResults: 5 }),
  DeleteCluster: (fx, t) => ({ cluster: t === 'real' ? fx.victimCluster : ghost(fx) }),
  UpdateCluster: (fx) => ({ cluster: fx.cluster, settings: [{ name: 'containerInsights', value: 'enabled' }] }),
  UpdateClusterSettings: (fx) => ({ cluster: fx.cluster, settings: [{ name: 'containerInsights', value: 'disabled' }] }),
  RegisterTaskDefinition: (fx) => ({
    family: fx.family,
    containerDefinitions: [
      {
        name: 'web',
        image: 'busybox:latest',
        memory: 64,
        cpu: 10,
        essential: true,
        portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }],
        environment: [{ name: 'A', value: 'b' }],
        command: ['sleep', '60'],
        dockerLabels: { app: 'fuzz' },
        ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 2048 }],
      },
    ],
    tags,
  }),
  DescribeTaskDefinition: (fx) => ({ taskDefinition: `${fx.family}:1`, include: ['TAGS'] }),
  ListTaskDefinitions: (fx) => ({ familyPrefix: fx.family, status: 'ACTIVE', sort: 'DESC', maxResults: 10 }),
  ListTaskDefinitionFamilies: (fx) => ({ familyPrefix: fx.ns, status: 'ACTIVE', maxResults: 10 }),
  DeregisterTaskDefinition: (fx, t) => ({ taskDefinition: `${t === 'real' ? fx.victimFamily : ghost(fx)}:1` }),
  DeleteTaskDefinitions: (fx, t) => ({ taskDefinitions: [`${t === 'real' ? fx.victimFamily : ghost(fx)}:1`] }),
  TagResource: (fx) => ({ resourceArn: fx.clusterArn, tags: [{ key: 'k2', value: 'v2' }] }),
  UntagResource: (fx) => ({ resourceArn: fx.clusterArn, tagKeys: ['k2'] }),
  ListTagsForResource: (fx) => ({ resourceArn: fx.clusterArn }),
  RegisterContainerInstance: (fx) => ({
    cluster: fx.cluster,
    totalResources: [
      { name: 'CPU', type: 'INTEGER', integerValue: 1 },
      { name: 'MEMORY', type: 'INTEGER', integerValue: 1 },
    ],
    attributes: [{ name: 'ecs.os-type', value: 'linux' }],
    versionInfo: { agentVersion: '0.1.0', agentHash: 'fuzz', dockerVersion: 'none' },
  }),
  DeregisterContainerInstance: (fx, t) =>
    t === 'real'
      ? { cluster: fx.victimCluster, containerInstance: fx.victimInstanceArn, force: true }
      : { cluster: fx.cluster, containerInstance: '0123456789abcdef0123456789abcdef' },
  DescribeContainerInstances: (fx) => ({ cluster: fx.cluster, containerInstances: [fx.instanceArn], include: ['TAGS'] }),
  ListContainerInstances: (fx) => ({ cluster: fx.cluster, filter: 'attribute:ecs.os-type == linux', status: 'ACTIVE', maxResults: 10 }),
  UpdateContainerInstancesState: (fx, t) =>
    t === 'real'
      ? { cluster: fx.victimCluster, containerInstances: [fx.victimInstanceArn], status: 'DRAINING' }
      : { cluster: fx.cluster, containerInstances: ['0123456789abcdef0123456789abcdef'], status: 'DRAINING' },
  PutAttributes: (fx) => ({
    cluster: fx.cluster,
    attributes: [{ name: 'fuzz.attr', value: 'v', targetType: 'container-instance', targetId: fx.instanceArn }],
  }),
  DeleteAttributes: (fx) => ({
    cluster: fx.cluster,
    attributes: [{ name: 'fuzz.attr', targetType: 'container-instance', targetId: fx.instanceArn }],
  }),
  ListAttributes: (fx) => ({ cluster: fx.cluster, targetType: 'container-instance', attributeName: 'ecs.os-type', maxResults: 10 }),
  DiscoverPollEndpoint: (fx) => ({ containerInstance: fx.instanceArn, cluster: fx.cluster }),
  SubmitTaskStateChange: (fx) => ({
    cluster: fx.cluster,
    task: fx.ghostTaskArn,
    status: 'RUNNING',
    containers: [{ containerName: 'web', status: 'RUNNING' }],
    pullStartedAt: 1.7e9,
  }),
  SubmitContainerStateChange: (fx) => ({
    cluster: fx.cluster,
    task: fx.ghostTaskArn,
    containerName: 'web',
    status: 'RUNNING',
    exitCode: 0,
    networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 8080, protocol: 'tcp' }],
  }),
  RunTask: (fx, t) => ({
    cluster: fx.cluster,
    taskDefinition: t === 'real' ? fx.family : ghost(fx),
    count: 1,
    startedBy: 'fuzz',
    overrides: { containerOverrides: [{ name: 'web', command: ['sleep', '1'] }] },
    placementStrategy: [{ type: 'random' }],
  }),
  StartTask: (fx, t) => ({
    cluster: fx.cluster,
    taskDefinition: t === 'real' ? fx.family : ghost(fx),
    containerInstances: [fx.instanceArn],
  }),
  StopTask: (fx) => ({ cluster: fx.cluster, task: fx.ghostTaskArn, reason: 'fuzz' }),
  DescribeTasks: (fx) => ({ cluster: fx.cluster, tasks: [fx.ghostTaskArn], include: ['TAGS'] }),
  ListTasks: (fx) => ({ cluster: fx.cluster, family: fx.family, desiredStatus: 'RUNNING', maxResults: 10 }),
  CreateService: (fx, _t, n) => ({
    cluster: fx.cluster,
    serviceName: `${fx.ns}-s${n}`,
    taskDefinition: fx.family,
    desiredCount: 0,
    deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100 },
    placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
    tags,
  }),
  UpdateService: (fx) => ({ cluster: fx.cluster, service: fx.service, desiredCount: 0, forceNewDeployment: false }),
  DeleteService: (fx, t) =>
    t === 'real' ? { cluster: fx.victimCluster, service: fx.victimService, force: true } : { cluster: fx.cluster, service: ghost(fx) },
  DescribeServices: (fx) => ({ cluster: fx.cluster, services: [fx.service], include: ['TAGS'] }),
  ListServices: (fx) => ({ cluster: fx.cluster, maxResults: 10 }),
  ListServiceDeployments: (fx) => ({
    cluster: fx.cluster,
    service: fx.service,
    status: ['SUCCESSFUL', 'IN_PROGRESS'],
    createdAt: { after: 0 },
    maxResults: 5,
  }),
  DescribeServiceDeployments: (fx) => ({ serviceDeploymentArns: [ghostHistoryArn(fx, 'service-deployment')] }),
  DescribeServiceRevisions: (fx) => ({ serviceRevisionArns: [ghostHistoryArn(fx, 'service-revision')] }),
  // Always a deployment that does not exist: a valid stop would roll a real service back.
  StopServiceDeployment: (fx) => ({ serviceDeploymentArn: ghostHistoryArn(fx, 'service-deployment'), stopType: 'ROLLBACK' }),
  GetTaskProtection: (fx) => ({ cluster: fx.cluster, tasks: [fx.ghostTaskArn] }),
  UpdateTaskProtection: (fx) => ({ cluster: fx.cluster, tasks: [fx.ghostTaskArn], protectionEnabled: true, expiresInMinutes: 60 }),
  PutAccountSetting: () => ({ name: 'containerInsights', value: 'disabled' }),
  PutAccountSettingDefault: () => ({ name: 'containerInsights', value: 'disabled' }),
  DeleteAccountSetting: () => ({ name: 'containerInsights' }),
  ListAccountSettings: () => ({ effectiveSettings: true, maxResults: 10 }),
  CreateCapacityProvider: (fx, _t, n) => ({
    name: `${fx.ns}-cp${n}`,
    autoScalingGroupProvider: { autoScalingGroupArn: ghost(fx), managedTerminationProtection: 'DISABLED' },
    tags,
  }),
  UpdateCapacityProvider: (fx) => ({ name: ghost(fx), autoScalingGroupProvider: { managedTerminationProtection: 'DISABLED' } }),
  DeleteCapacityProvider: (fx) => ({ capacityProvider: ghost(fx) }),
  DescribeCapacityProviders: (fx) => ({ capacityProviders: [ghost(fx)], include: ['TAGS'] }),
  PutClusterCapacityProviders: (fx, t) => ({
    cluster: t === 'real' ? fx.cluster : ghost(fx),
    capacityProviders: [],
    defaultCapacityProviderStrategy: [],
  }),
};

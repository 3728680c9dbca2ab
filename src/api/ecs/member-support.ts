import { invalidParameter } from '../../domain/errors.js';

/**
 * What Berth does with every input member of every ECS operation it answers
 * (no silent no-ops: an input is acted on, or refused before anything runs).
 * Paths name members as the model does; `[]` steps into each element of a
 * list. A member absent from its operation's table is covered by its nearest
 * listed ancestor. test/unit/api/member-coverage.test.ts enumerates the
 * model's members and holds this table to it.
 *
 *  - honoured: acted on; `test` names a test file that exercises the member.
 *  - inert: accepted because it changes nothing in ECS either in Berth's
 *    setting (the reason says why); never stored in place of behaviour.
 *  - refused: answered InvalidParameterException whenever `refuses(value)`;
 *    values it lets through are honoured (e.g. `enableExecuteCommand: false`).
 */
export type MemberRule =
  | { kind: 'honoured'; test: string }
  | { kind: 'inert'; why: string }
  | { kind: 'refused'; why: string; refuses: (value: unknown) => boolean; example: unknown; test?: string };

export type OperationMembers = Readonly<Record<string, MemberRule>>;

const E2E = {
  clusters: 'test/e2e/clusters.test.ts',
  taskDefinitions: 'test/e2e/task-definitions.test.ts',
  orchestration: 'test/e2e/orchestration.test.ts',
  agent: 'test/e2e/agent.test.ts',
  surface: 'test/e2e/api-surface.test.ts',
  waiters: 'test/e2e/waiters.test.ts',
} as const;

const honoured = (test: string): MemberRule => ({ kind: 'honoured', test });
const inert = (why: string): MemberRule => ({ kind: 'inert', why });

/** A value that asks for something: present, and not an empty list, `false` or an empty object. */
function asksForSomething(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** Refused whenever it asks for something. */
const refused = (why: string, example: unknown): MemberRule => ({ kind: 'refused', why, refuses: asksForSomething, example });
/** Refused unless it is one of the values Berth honours (those are exercised in `test`). */
const refusedExcept = (allowed: readonly unknown[], why: string, example: unknown, test: string): MemberRule => ({
  kind: 'refused',
  why,
  refuses: (v) => v !== undefined && v !== null && !allowed.includes(v),
  example,
  test,
});

const NO_AWSVPC = 'Berth runs tasks in bridge, host or none network mode on container instances; awsvpc networking is not supported';
const NO_EXEC = 'Berth has no ExecuteCommand (no SSM agent in tasks)';
const NO_SERVICE_CONNECT = 'Berth has no Service Connect or Cloud Map namespaces';
const NO_EBS = 'Berth has no Amazon EBS volumes configured at launch';
const NO_FARGATE = 'platform versions apply to Fargate only; Berth runs tasks on container instances';
const NO_MANAGED_TAGS = 'Berth does not add ECS managed tags (aws:ecs:*) to tasks';
const NO_IAM_ROLE = 'Berth gives tasks no IAM role credentials';
const NO_LATTICE = 'Berth has no VPC Lattice';
const TD_PROPAGATE = 'RunTask/StartTask propagate no tags from the task definition in Berth; tag the task with `tags`';

const PROTECTION = E2E.waiters;
const HISTORY = 'test/e2e/service-deployments.test.ts';
const CAPACITY = 'test/integration/dynamodb/capacity-providers.test.ts';
const NO_MANAGED_INSTANCES = 'Berth scales Auto Scaling groups of container instances; ECS Managed Instances are not supported';

const cluster = honoured(E2E.clusters);

/** RunTask's and StartTask's `overrides`. */
const taskOverrides: OperationMembers = {
  overrides: honoured(E2E.waiters),
  'overrides.containerOverrides': honoured(E2E.waiters),
  'overrides.containerOverrides[].name': honoured(E2E.waiters),
  'overrides.containerOverrides[].command': honoured(E2E.waiters),
  'overrides.containerOverrides[].environment': honoured(E2E.waiters),
  'overrides.containerOverrides[].environmentFiles': refused('Berth has no S3 access to load environment files', [
    { value: 'arn:aws:s3:::bucket/app.env', type: 's3' },
  ]),
  'overrides.containerOverrides[].cpu': honoured(E2E.waiters),
  'overrides.containerOverrides[].memory': honoured(E2E.waiters),
  'overrides.containerOverrides[].memoryReservation': honoured(E2E.waiters),
  'overrides.containerOverrides[].resourceRequirements': refused('Berth places no GPUs', [{ type: 'GPU', value: '1' }]),
  'overrides.cpu': honoured(E2E.waiters),
  'overrides.memory': honoured(E2E.waiters),
  'overrides.inferenceAcceleratorOverrides': refused('Berth places no Elastic Inference accelerators', [{ deviceName: 'd' }]),
  'overrides.executionRoleArn': inert('see RegisterTaskDefinition executionRoleArn'),
  'overrides.taskRoleArn': refused(NO_IAM_ROLE, 'arn:aws:iam::000000000000:role/app'),
  'overrides.ephemeralStorage': refused('ephemeral storage size applies to Fargate only', { sizeInGiB: 30 }),
};

/** ECS operation → member path → rule. */
export const ECS_MEMBER_SUPPORT: Readonly<Record<string, OperationMembers>> = {
  CreateCluster: {
    clusterName: cluster,
    tags: cluster,
    settings: cluster,
    configuration: refused('executeCommandConfiguration and managedStorageConfiguration: ' + NO_EXEC + ' and no managed storage', {
      executeCommandConfiguration: { logging: 'DEFAULT' },
    }),
    capacityProviders: honoured(CAPACITY),
    defaultCapacityProviderStrategy: honoured(CAPACITY),
    serviceConnectDefaults: refused(NO_SERVICE_CONNECT, { namespace: 'ns' }),
  },
  CreateCapacityProvider: {
    name: honoured(CAPACITY),
    autoScalingGroupProvider: honoured(CAPACITY),
    tags: honoured('test/e2e/cluster-autoscaling.test.ts'),
    cluster: refused(NO_MANAGED_INSTANCES, 'default'),
    managedInstancesProvider: refused(NO_MANAGED_INSTANCES, { infrastructureRoleArn: 'arn:aws:iam::000000000000:role/r' }),
  },
  UpdateCapacityProvider: {
    name: honoured(CAPACITY),
    autoScalingGroupProvider: honoured(CAPACITY),
    cluster: refused(NO_MANAGED_INSTANCES, 'default'),
    managedInstancesProvider: refused(NO_MANAGED_INSTANCES, { infrastructureRoleArn: 'arn:aws:iam::000000000000:role/r' }),
  },
  DeleteCapacityProvider: {
    capacityProvider: honoured(CAPACITY),
    cluster: refused(NO_MANAGED_INSTANCES, 'default'),
  },
  DescribeCapacityProviders: {
    capacityProviders: honoured(CAPACITY),
    cluster: honoured(CAPACITY),
    include: honoured(CAPACITY),
    maxResults: honoured(CAPACITY),
    nextToken: honoured(CAPACITY),
  },
  PutClusterCapacityProviders: {
    cluster: honoured(CAPACITY),
    capacityProviders: honoured(CAPACITY),
    defaultCapacityProviderStrategy: honoured(CAPACITY),
  },
  DescribeClusters: { clusters: cluster, include: cluster },
  ListClusters: { nextToken: cluster, maxResults: cluster },
  DeleteCluster: { cluster },
  UpdateCluster: {
    cluster,
    settings: cluster,
    configuration: refused(NO_EXEC + ' and no managed storage', { executeCommandConfiguration: { logging: 'DEFAULT' } }),
    serviceConnectDefaults: refused(NO_SERVICE_CONNECT, { namespace: 'ns' }),
  },
  UpdateClusterSettings: { cluster, settings: cluster },

  RegisterTaskDefinition: {
    family: honoured(E2E.taskDefinitions),
    taskRoleArn: refused(NO_IAM_ROLE, 'arn:aws:iam::000000000000:role/app'),
    executionRoleArn: inert(
      'the execution role only authorises pulls from private registries, secrets and awslogs: Berth refuses repositoryCredentials and secrets, and log drivers run on the host',
    ),
    networkMode: honoured(E2E.taskDefinitions),
    containerDefinitions: honoured(E2E.taskDefinitions),
    'containerDefinitions[].name': honoured(E2E.taskDefinitions),
    'containerDefinitions[].image': honoured(E2E.taskDefinitions),
    'containerDefinitions[].repositoryCredentials': refused('Berth agents pull from registries without per-task credentials', {
      credentialsParameter: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x',
    }),
    'containerDefinitions[].cpu': honoured(E2E.taskDefinitions),
    'containerDefinitions[].memory': honoured(E2E.taskDefinitions),
    'containerDefinitions[].memoryReservation': honoured(E2E.taskDefinitions),
    'containerDefinitions[].links': honoured(E2E.taskDefinitions),
    'containerDefinitions[].portMappings': honoured(E2E.taskDefinitions),
    'containerDefinitions[].portMappings[].containerPort': honoured(E2E.taskDefinitions),
    'containerDefinitions[].portMappings[].hostPort': honoured(E2E.taskDefinitions),
    'containerDefinitions[].portMappings[].protocol': honoured(E2E.taskDefinitions),
    'containerDefinitions[].portMappings[].name': inert(
      'a port name only names the port for Service Connect, which Berth refuses; ECS ignores it too without it',
    ),
    'containerDefinitions[].portMappings[].appProtocol': inert(
      'the application protocol only configures Service Connect, which Berth refuses; ECS ignores it too without it',
    ),
    'containerDefinitions[].portMappings[].containerPortRange': refused('Berth maps single container ports only', '8000-8010'),
    'containerDefinitions[].essential': honoured(E2E.taskDefinitions),
    'containerDefinitions[].restartPolicy': refused('Berth agents do not restart containers in place', { enabled: true }),
    'containerDefinitions[].entryPoint': honoured(E2E.taskDefinitions),
    'containerDefinitions[].command': honoured(E2E.taskDefinitions),
    'containerDefinitions[].environment': honoured(E2E.taskDefinitions),
    'containerDefinitions[].environmentFiles': refused('Berth has no S3 access to load environment files', [
      { value: 'arn:aws:s3:::bucket/app.env', type: 's3' },
    ]),
    'containerDefinitions[].mountPoints': honoured(E2E.taskDefinitions),
    'containerDefinitions[].volumesFrom': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].linuxParameters': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].secrets': refused('Berth has no secrets backend (Secrets Manager or SSM Parameter Store)', [
      { name: 'PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:000000000000:parameter/pw' },
    ]),
    'containerDefinitions[].dependsOn': honoured(E2E.taskDefinitions),
    'containerDefinitions[].startTimeout': honoured('test/unit/agent/runtime/task-supervisor.test.ts'),
    'containerDefinitions[].stopTimeout': honoured(E2E.taskDefinitions),
    'containerDefinitions[].versionConsistency': refusedExcept(
      ['disabled'],
      'Berth does not pin image tags to digests: only versionConsistency "disabled" is honoured',
      'enabled',
      E2E.taskDefinitions,
    ),
    'containerDefinitions[].hostname': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].user': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].workingDirectory': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].disableNetworking': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].privileged': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].readonlyRootFilesystem': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].dnsServers': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].dnsSearchDomains': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].extraHosts': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].dockerSecurityOptions': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].interactive': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].pseudoTerminal': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].dockerLabels': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].ulimits': honoured(E2E.taskDefinitions),
    'containerDefinitions[].logConfiguration': honoured(E2E.taskDefinitions),
    'containerDefinitions[].logConfiguration.logDriver': honoured('test/e2e/required-attributes.test.ts'),
    'containerDefinitions[].logConfiguration.options': honoured(E2E.taskDefinitions),
    'containerDefinitions[].logConfiguration.secretOptions': refused('Berth has no secrets backend for log driver options', [
      { name: 'token', valueFrom: 'arn:aws:ssm:us-east-1:000000000000:parameter/t' },
    ]),
    'containerDefinitions[].healthCheck': honoured(E2E.taskDefinitions),
    'containerDefinitions[].systemControls': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'containerDefinitions[].resourceRequirements': refused('Berth places no GPUs or Elastic Inference accelerators', [
      { type: 'GPU', value: '1' },
    ]),
    'containerDefinitions[].firelensConfiguration': refused('Berth has no FireLens log router', { type: 'fluentbit' }),
    'containerDefinitions[].credentialSpecs': refused('Berth has no gMSA (Active Directory) credentials', [
      'credentialspec:arn:aws:s3:::bucket/spec.json',
    ]),
    volumes: honoured(E2E.taskDefinitions),
    'volumes[].name': honoured(E2E.taskDefinitions),
    'volumes[].host': honoured(E2E.taskDefinitions),
    'volumes[].dockerVolumeConfiguration': honoured('test/unit/agent/runtime/container-config.test.ts'),
    'volumes[].efsVolumeConfiguration': refused('Berth mounts no Amazon EFS file systems', { fileSystemId: 'fs-1' }),
    'volumes[].s3filesVolumeConfiguration': refused('Berth mounts no S3 file systems', { bucket: 'b' }),
    'volumes[].fsxWindowsFileServerVolumeConfiguration': refused('Berth mounts no FSx for Windows File Server volumes', {
      fileSystemId: 'fs-1',
      rootDirectory: '/',
      authorizationConfig: { credentialsParameter: 'x', domain: 'd' },
    }),
    'volumes[].configuredAtLaunch': refused(NO_EBS, true),
    placementConstraints: honoured(E2E.taskDefinitions),
    requiresCompatibilities: honoured('test/unit/domain/task-definition-runtime.test.ts'),
    cpu: honoured(E2E.taskDefinitions),
    memory: honoured(E2E.taskDefinitions),
    tags: honoured(E2E.taskDefinitions),
    pidMode: refused('Berth agents do not share PID namespaces between tasks', 'host'),
    ipcMode: refused('Berth agents do not share IPC namespaces between tasks', 'host'),
    proxyConfiguration: refused('Berth has no App Mesh proxy configuration', { containerName: 'envoy' }),
    inferenceAccelerators: refused('Berth places no Elastic Inference accelerators', [{ deviceName: 'd', deviceType: 'eia2.medium' }]),
    ephemeralStorage: refused('ephemeral storage size applies to Fargate only', { sizeInGiB: 30 }),
    runtimePlatform: honoured('test/unit/domain/task-definition-runtime.test.ts'),
    enableFaultInjection: refused('Berth has no fault injection endpoints', true),
  },
  DescribeTaskDefinition: { taskDefinition: honoured(E2E.taskDefinitions), include: honoured(E2E.taskDefinitions) },
  ListTaskDefinitions: {
    familyPrefix: honoured(E2E.taskDefinitions),
    status: honoured(E2E.taskDefinitions),
    sort: honoured(E2E.taskDefinitions),
    nextToken: honoured(E2E.taskDefinitions),
    maxResults: honoured(E2E.taskDefinitions),
  },
  ListTaskDefinitionFamilies: {
    familyPrefix: honoured(E2E.taskDefinitions),
    status: honoured(E2E.taskDefinitions),
    nextToken: honoured(E2E.surface),
    maxResults: honoured(E2E.surface),
  },
  DeregisterTaskDefinition: { taskDefinition: honoured(E2E.taskDefinitions) },
  DeleteTaskDefinitions: { taskDefinitions: honoured(E2E.taskDefinitions) },
  TagResource: { resourceArn: honoured(E2E.taskDefinitions), tags: honoured(E2E.taskDefinitions) },
  UntagResource: { resourceArn: honoured(E2E.waiters), tagKeys: honoured(E2E.waiters) },
  ListTagsForResource: { resourceArn: honoured(E2E.taskDefinitions) },

  RegisterContainerInstance: {
    cluster: honoured(E2E.agent),
    instanceIdentityDocument: honoured('test/support/heartbeat-instances.ts'),
    instanceIdentityDocumentSignature: inert(
      'an instance is authenticated by its SigV4-signed request with the credentials its join token gave it, not by the document signature',
    ),
    totalResources: honoured(E2E.waiters),
    versionInfo: honoured(E2E.agent),
    containerInstanceArn: honoured(E2E.agent),
    attributes: honoured(E2E.agent),
    platformDevices: refused('Berth places no GPUs', [{ id: 'GPU-0', type: 'GPU' }]),
    tags: honoured(E2E.surface),
  },
  DeregisterContainerInstance: { cluster: honoured(E2E.agent), containerInstance: honoured(E2E.surface), force: honoured(E2E.agent) },
  DescribeContainerInstances: {
    cluster: honoured(E2E.orchestration),
    containerInstances: honoured(E2E.orchestration),
    include: honoured(E2E.surface),
  },
  ListContainerInstances: {
    cluster: honoured(E2E.orchestration),
    filter: honoured(E2E.orchestration),
    nextToken: honoured(E2E.surface),
    maxResults: honoured(E2E.surface),
    status: honoured(E2E.surface),
  },
  UpdateContainerInstancesState: {
    cluster: honoured(E2E.orchestration),
    containerInstances: honoured(E2E.orchestration),
    status: honoured(E2E.orchestration),
  },
  PutAttributes: { cluster: honoured(E2E.surface), attributes: honoured(E2E.surface) },
  DeleteAttributes: { cluster: honoured(E2E.surface), attributes: honoured('test/integration/dynamodb/daemon-attributes.test.ts') },
  ListAttributes: {
    cluster: honoured(E2E.surface),
    targetType: honoured(E2E.surface),
    attributeName: honoured(E2E.surface),
    attributeValue: honoured(E2E.waiters),
    nextToken: honoured(E2E.surface),
    maxResults: honoured(E2E.surface),
  },
  DiscoverPollEndpoint: { containerInstance: honoured('test/integration/dynamodb/security.test.ts'), cluster: honoured(E2E.agent) },
  SubmitTaskStateChange: {
    cluster: honoured(E2E.waiters),
    task: honoured(E2E.waiters),
    status: honoured(E2E.waiters),
    reason: honoured(E2E.waiters),
    containers: honoured(E2E.waiters),
    attachments: refused(NO_AWSVPC + ' (no ENI attachments)', [{ attachmentArn: 'arn:x', status: 'ATTACHED' }]),
    managedAgents: refused(NO_EXEC + ' (no managed agents)', [
      { containerName: 'c', managedAgentName: 'ExecuteCommandAgent', status: 'RUNNING' },
    ]),
    pullStartedAt: honoured(E2E.waiters),
    pullStoppedAt: honoured(E2E.waiters),
    executionStoppedAt: honoured(E2E.waiters),
  },
  SubmitContainerStateChange: {
    cluster: honoured(E2E.waiters),
    task: honoured(E2E.waiters),
    containerName: honoured(E2E.waiters),
    runtimeId: honoured(E2E.waiters),
    status: honoured(E2E.waiters),
    exitCode: honoured(E2E.waiters),
    reason: honoured(E2E.waiters),
    networkBindings: honoured(E2E.waiters),
  },

  RunTask: {
    capacityProviderStrategy: honoured(CAPACITY),
    cluster: honoured(E2E.waiters),
    count: honoured(E2E.waiters),
    enableECSManagedTags: refused(NO_MANAGED_TAGS, true),
    enableExecuteCommand: refused(NO_EXEC, true),
    group: honoured(E2E.waiters),
    launchType: honoured(E2E.surface),
    networkConfiguration: refused(NO_AWSVPC, { awsvpcConfiguration: { subnets: ['subnet-1'] } }),
    ...taskOverrides,
    placementConstraints: honoured(E2E.waiters),
    placementStrategy: honoured(E2E.waiters),
    platformVersion: refused(NO_FARGATE, 'LATEST'),
    propagateTags: refusedExcept(['NONE'], TD_PROPAGATE, 'TASK_DEFINITION', E2E.surface),
    referenceId: refused('Berth tracks no external reference ids on tasks', 'ref-1'),
    startedBy: honoured(E2E.orchestration),
    tags: honoured(E2E.waiters),
    taskDefinition: honoured(E2E.waiters),
    clientToken: honoured('test/unit/app/run-task-token.test.ts'),
    volumeConfigurations: refused(NO_EBS, [{ name: 'v' }]),
  },
  StartTask: {
    cluster: honoured(E2E.waiters),
    containerInstances: honoured(E2E.waiters),
    enableECSManagedTags: refused(NO_MANAGED_TAGS, true),
    enableExecuteCommand: refused(NO_EXEC, true),
    group: honoured(E2E.waiters),
    networkConfiguration: refused(NO_AWSVPC, { awsvpcConfiguration: { subnets: ['subnet-1'] } }),
    ...taskOverrides,
    propagateTags: refusedExcept(['NONE'], TD_PROPAGATE, 'TASK_DEFINITION', E2E.surface),
    referenceId: refused('Berth tracks no external reference ids on tasks', 'ref-1'),
    startedBy: honoured(E2E.orchestration),
    tags: honoured(E2E.waiters),
    taskDefinition: honoured(E2E.waiters),
    volumeConfigurations: refused(NO_EBS, [{ name: 'v' }]),
  },
  StopTask: { cluster: honoured(E2E.orchestration), task: honoured(E2E.orchestration), reason: honoured(E2E.orchestration) },
  DescribeTasks: { cluster: honoured(E2E.orchestration), tasks: honoured(E2E.orchestration), include: honoured(E2E.surface) },
  ListTasks: {
    cluster: honoured(E2E.orchestration),
    containerInstance: honoured(E2E.surface),
    family: honoured(E2E.surface),
    nextToken: honoured(E2E.surface),
    maxResults: honoured(E2E.surface),
    startedBy: honoured(E2E.orchestration),
    serviceName: honoured(E2E.orchestration),
    desiredStatus: honoured(E2E.orchestration),
    launchType: honoured(E2E.surface),
    daemonName: refused('Berth has no ECS Daemons (use a service with schedulingStrategy DAEMON)', 'collector'),
  },
  ...serviceOperations(),
  DeleteService: { cluster: honoured(E2E.orchestration), service: honoured(E2E.orchestration), force: honoured(E2E.orchestration) },
  DescribeServices: { cluster: honoured(E2E.orchestration), services: honoured(E2E.orchestration), include: honoured(E2E.surface) },
  ListServices: {
    cluster: honoured(E2E.orchestration),
    nextToken: honoured(E2E.surface),
    maxResults: honoured(E2E.surface),
    launchType: honoured(E2E.surface),
    schedulingStrategy: honoured(E2E.waiters),
    resourceManagementType: refused('Berth has no ECS-managed (Express Gateway) services', 'ECS'),
  },
  PutAccountSetting: { name: honoured(E2E.waiters), value: honoured(E2E.waiters), principalArn: honoured(E2E.waiters) },
  PutAccountSettingDefault: { name: honoured(E2E.waiters), value: honoured(E2E.waiters) },
  DeleteAccountSetting: { name: honoured(E2E.waiters), principalArn: honoured(E2E.waiters) },
  ListAccountSettings: {
    name: honoured(E2E.waiters),
    value: honoured(E2E.waiters),
    principalArn: honoured(E2E.waiters),
    effectiveSettings: honoured(E2E.waiters),
    nextToken: honoured(E2E.waiters),
    maxResults: honoured(E2E.waiters),
  },
  ListServiceDeployments: {
    service: honoured(HISTORY),
    cluster: honoured(HISTORY),
    status: honoured(HISTORY),
    createdAt: honoured(HISTORY),
    'createdAt.before': honoured(HISTORY),
    'createdAt.after': honoured(HISTORY),
    nextToken: honoured(HISTORY),
    maxResults: honoured(HISTORY),
  },
  DescribeServiceDeployments: { serviceDeploymentArns: honoured(HISTORY) },
  DescribeServiceRevisions: { serviceRevisionArns: honoured(HISTORY) },
  StopServiceDeployment: {
    serviceDeploymentArn: honoured(HISTORY),
    stopType: refusedExcept(
      ['ROLLBACK'],
      'ECS stops a service deployment by rolling it back: the valid value is ROLLBACK',
      'ABORT',
      HISTORY,
    ),
  },
  GetTaskProtection: { cluster: honoured(PROTECTION), tasks: honoured(PROTECTION) },
  UpdateTaskProtection: {
    cluster: honoured(PROTECTION),
    tasks: honoured(PROTECTION),
    protectionEnabled: honoured(PROTECTION),
    expiresInMinutes: honoured(PROTECTION),
  },
};

/** CreateService and UpdateService share most members. */
function serviceOperations(): Record<string, OperationMembers> {
  const o = E2E.orchestration;
  const shared: Record<string, MemberRule> = {
    cluster: honoured(o),
    taskDefinition: honoured(o),
    desiredCount: honoured(o),
    capacityProviderStrategy: honoured(CAPACITY),
    loadBalancers: honoured('test/e2e/load-balancing.test.ts'),
    availabilityZoneRebalancing: refusedExcept(
      ['DISABLED'],
      'Berth does not rebalance running tasks across Availability Zones; only DISABLED is honoured',
      'ENABLED',
      E2E.surface,
    ),
    serviceRegistries: refused('Berth has no Cloud Map service discovery', [{ registryArn: 'arn:aws:servicediscovery:x' }]),
    platformVersion: refused(NO_FARGATE, 'LATEST'),
    deploymentConfiguration: honoured(o),
    'deploymentConfiguration.deploymentCircuitBreaker': honoured('test/unit/scheduler/reconcile/failures.test.ts'),
    'deploymentConfiguration.deploymentCircuitBreaker.enable': honoured('test/unit/scheduler/reconcile/failures.test.ts'),
    'deploymentConfiguration.deploymentCircuitBreaker.rollback': honoured('test/unit/scheduler/reconcile/failures.test.ts'),
    'deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask': refused(
      'the circuit breaker counts failed tasks per deployment, as ECS did before resetOnHealthyTask',
      true,
    ),
    'deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration': refused(
      'the circuit breaker threshold is ECS’s default (half the desired count, 3 to 200)',
      { type: 'COUNT', value: 5 },
    ),
    'deploymentConfiguration.maximumPercent': honoured(o),
    'deploymentConfiguration.minimumHealthyPercent': honoured(o),
    'deploymentConfiguration.alarms': honoured('test/e2e/deployment-alarms.test.ts'),
    'deploymentConfiguration.strategy': refusedExcept(
      ['ROLLING'],
      'Berth deploys with the ROLLING strategy only',
      'BLUE_GREEN',
      'test/unit/api/member-coverage.test.ts',
    ),
    'deploymentConfiguration.bakeTimeInMinutes': refused('bake time applies to BLUE_GREEN, LINEAR and CANARY deployments', 5),
    'deploymentConfiguration.lifecycleHooks': refused('Berth runs no deployment lifecycle hooks', [{ hookTargetArn: 'arn:aws:lambda:x' }]),
    'deploymentConfiguration.linearConfiguration': refused('Berth deploys with the ROLLING strategy only', { stepPercent: 10 }),
    'deploymentConfiguration.canaryConfiguration': refused('Berth deploys with the ROLLING strategy only', { canaryPercent: 10 }),
    placementConstraints: honoured(E2E.waiters),
    placementStrategy: honoured(E2E.waiters),
    networkConfiguration: refused(NO_AWSVPC, { awsvpcConfiguration: { subnets: ['subnet-1'] } }),
    healthCheckGracePeriodSeconds: honoured('test/unit/scheduler/reconcile/lifecycle.test.ts'),
    deploymentController: honoured(E2E.waiters),
    enableECSManagedTags: refused(NO_MANAGED_TAGS, true),
    propagateTags: honoured(E2E.waiters),
    enableExecuteCommand: refused(NO_EXEC, true),
    serviceConnectConfiguration: refused(NO_SERVICE_CONNECT, { enabled: true }),
    volumeConfigurations: refused(NO_EBS, [{ name: 'v' }]),
    vpcLatticeConfigurations: refused(NO_LATTICE, [{ roleArn: 'r', targetGroupArn: 't', portName: 'p' }]),
    monitoring: refused('Berth publishes its fixed service metrics only', { metricConfigurations: [{}] }),
  };
  return {
    CreateService: {
      ...shared,
      serviceName: honoured(o),
      clientToken: honoured(E2E.surface),
      launchType: honoured(E2E.surface),
      role: refused('the service-linked role of classic load balancers: Berth needs no IAM role to register targets', 'ecsServiceRole'),
      schedulingStrategy: honoured(E2E.waiters),
      tags: honoured(E2E.surface),
    },
    UpdateService: {
      ...shared,
      service: honoured(o),
      forceNewDeployment: honoured(E2E.waiters),
    },
  };
}

/** Every value at `path` in `input` (a `[]` step fans out over a list). */
export function valuesAt(input: unknown, path: string): unknown[] {
  let current: unknown[] = [input];
  for (const step of path.split('.')) {
    const list = step.endsWith('[]');
    const name = list ? step.slice(0, -2) : step;
    const next: unknown[] = [];
    for (const value of current) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, name)) continue;
      const member = (value as Record<string, unknown>)[name];
      if (list) {
        if (Array.isArray(member)) next.push(...member);
      } else next.push(member);
    }
    current = next;
  }
  return current;
}

/** Refuses, before the use case runs, any member the operation's table refuses; nothing changes on a refused call. */
export function refuseUnsupportedMembers(operation: string, input: unknown): void {
  const members = Object.hasOwn(ECS_MEMBER_SUPPORT, operation) ? ECS_MEMBER_SUPPORT[operation] : undefined;
  if (!members) return;
  for (const [path, rule] of Object.entries(members)) {
    if (rule.kind !== 'refused') continue;
    if (valuesAt(input, path).some((v) => rule.refuses(v))) {
      throw invalidParameter(`Berth does not support ${path.replaceAll('[]', '')} on ${operation}: ${rule.why}.`);
    }
  }
}

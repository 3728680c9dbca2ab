import type { Authenticator } from '../../auth/authenticator.js';
import type { RequestAuth } from '../../auth/request-auth.js';
import { clusterArn, containerInstanceArn, isArn, serviceArn, taskArn, type ArnContext } from '../../domain/arn.js';
import { DEFAULT_CLUSTER } from '../../domain/cluster.js';

/**
 * The resources an ECS operation acts on, as IAM sees them: what a policy's
 * `Resource` is matched against (following the ECS Service Authorization
 * Reference, with cluster scoping where ECS uses an `ecs:cluster` condition
 * instead). `*` for operations on no particular resource. Names become the
 * ARNs ECS would build; ARNs given by the caller are matched as given.
 */
type Input = Record<string, any>;
type ResourcesOf = (input: Input, arn: ArnContext) => string[];

const clusterOf = (input: Input) => (typeof input.cluster === 'string' && input.cluster !== '' ? input.cluster : DEFAULT_CLUSTER);
const bare = (value: string) => (isArn(value) ? value.slice(value.lastIndexOf('/') + 1) : value);
const nameOfCluster = (input: Input) => bare(clusterOf(input));

const cluster: ResourcesOf = (input, arn) => [isArn(clusterOf(input)) ? clusterOf(input) : clusterArn(arn, clusterOf(input))];
const clusters: ResourcesOf = (input, arn) =>
  (input.clusters?.length ? (input.clusters as string[]) : [DEFAULT_CLUSTER]).map((c) => (isArn(c) ? c : clusterArn(arn, c)));
const child =
  (field: string, build: (arn: ArnContext, cluster: string, id: string) => string, many = false): ResourcesOf =>
  (input, arn) => {
    const values: unknown[] = many ? ((input[field] as unknown[]) ?? []) : [input[field]];
    return values.filter((v): v is string => typeof v === 'string').map((v) => (isArn(v) ? v : build(arn, nameOfCluster(input), v)));
  };
const taskDefinition =
  (field: string): ResourcesOf =>
  (input, arn) => {
    const v = input[field];
    if (typeof v !== 'string') return ['*'];
    return [isArn(v) ? v : `arn:aws:ecs:${arn.region}:${arn.accountId}:task-definition/${v}`];
  };
const all: ResourcesOf = () => ['*'];
const strings = (values: unknown): string[] => (Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : []);
const both =
  (...parts: ResourcesOf[]): ResourcesOf =>
  (input, arn) =>
    parts.flatMap((p) => p(input, arn));

const ECS_RESOURCES: Readonly<Record<string, ResourcesOf>> = {
  CreateCluster: (input, arn) => [clusterArn(arn, typeof input.clusterName === 'string' ? input.clusterName : DEFAULT_CLUSTER)],
  DescribeClusters: clusters,
  ListClusters: all,
  DeleteCluster: cluster,
  UpdateCluster: cluster,
  UpdateClusterSettings: cluster,
  RegisterTaskDefinition: all,
  DescribeTaskDefinition: taskDefinition('taskDefinition'),
  ListTaskDefinitions: all,
  ListTaskDefinitionFamilies: all,
  DeregisterTaskDefinition: taskDefinition('taskDefinition'),
  DeleteTaskDefinitions: (input, arn) => ((input.taskDefinitions as string[]) ?? []).flatMap((td) => taskDefinition('td')({ td }, arn)),
  TagResource: (input) => [String(input.resourceArn)],
  UntagResource: (input) => [String(input.resourceArn)],
  ListTagsForResource: (input) => [String(input.resourceArn)],
  RegisterContainerInstance: (input, arn) =>
    typeof input.containerInstanceArn === 'string' ? child('containerInstanceArn', containerInstanceArn)(input, arn) : cluster(input, arn),
  DeregisterContainerInstance: child('containerInstance', containerInstanceArn),
  DescribeContainerInstances: child('containerInstances', containerInstanceArn, true),
  ListContainerInstances: cluster,
  UpdateContainerInstancesState: child('containerInstances', containerInstanceArn, true),
  PutAttributes: cluster,
  DeleteAttributes: cluster,
  ListAttributes: cluster,
  DiscoverPollEndpoint: cluster,
  SubmitTaskStateChange: cluster,
  SubmitContainerStateChange: cluster,
  RunTask: taskDefinition('taskDefinition'),
  StartTask: both(taskDefinition('taskDefinition'), child('containerInstances', containerInstanceArn, true)),
  StopTask: child('task', taskArn),
  DescribeTasks: child('tasks', taskArn, true),
  ListTasks: cluster,
  CreateService: (input, arn) => [serviceArn(arn, nameOfCluster(input), String(input.serviceName))],
  UpdateService: child('service', serviceArn),
  DeleteService: child('service', serviceArn),
  DescribeServices: child('services', serviceArn, true),
  ListServices: cluster,
  ListServiceDeployments: child('service', serviceArn),
  // Service deployments and revisions are their own resources in IAM (`service-deployment/…`, `service-revision/…`).
  DescribeServiceDeployments: (input) => strings(input.serviceDeploymentArns),
  DescribeServiceRevisions: (input) => strings(input.serviceRevisionArns),
  StopServiceDeployment: (input) => strings([input.serviceDeploymentArn]),
  GetTaskProtection: child('tasks', taskArn, true),
  UpdateTaskProtection: child('tasks', taskArn, true),
};

/** Operations without an entry (e.g. another service's) are checked against `*`. */
export function ecsResources(operation: string, input: unknown, arn: ArnContext): string[] {
  const of = ECS_RESOURCES[operation];
  return of ? of((input ?? {}) as Input, arn) : ['*'];
}

/** The agent's poll, as ECS's own agent calls it (`ecs:Poll` on the container instance). */
export const pollResources = (input: { cluster?: unknown; containerInstanceArn?: unknown }, arn: ArnContext) =>
  child('containerInstanceArn', containerInstanceArn)(input as Input, arn);

/** ECS's guard for the JSON dispatcher: signing name and IAM prefix `ecs`, resources per operation. */
export function ecsAuth(authenticator: Pick<Authenticator, 'authenticate'>, arn: ArnContext): RequestAuth {
  return { signingName: 'ecs', actionPrefix: 'ecs', authenticator, resources: (operation, input) => ecsResources(operation, input, arn) };
}

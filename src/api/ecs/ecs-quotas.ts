import type { Quota, QuotaOverlay } from '../model/compile.js';

/**
 * ECS limits that its API documentation or service quotas state but its
 * model does not carry as min/max. Each is merged into the compiled model on
 * the member it concerns (compileModel refuses a key that names nothing), so
 * a request over one is refused with the model's wording before any work.
 * "API reference" = the member's documentation in the ECS API model
 * (the reference ECS model, service-2.json from botocore, and the ECS API Reference text).
 */
const ref = (member: string, text: string) => `ECS API reference, ${member}: "${text}"`;
const QUOTAS_PAGE = 'Amazon ECS service quotas (Developer Guide)';

const max = (n: number, source: string): Quota => ({ max: n, source });
const listed = (what: string, n: number, text: string): Quota => max(n, ref(what, text));

const maxResults = (op: string): [string, Quota] => [
  `${op}Request.maxResults`,
  { min: 1, max: 100, source: ref(`${op}.maxResults`, 'This value can be between 1 and 100.') },
];

/** Names ECS allows: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed." */
const NAME = 255;
const nameRule = (member: string) =>
  max(NAME, ref(member, 'Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.'));

export const ECS_QUOTAS: QuotaOverlay = {
  // Describe / batch calls
  'DescribeClustersRequest.clusters': listed(
    'DescribeClusters.clusters',
    100,
    'A list of up to 100 cluster names or full cluster Amazon Resource Name (ARN) entries.',
  ),
  'DescribeServicesRequest.services': listed(
    'DescribeServices.services',
    10,
    'You may specify up to 10 services to describe in a single operation.',
  ),
  'DescribeServiceDeploymentsRequest.serviceDeploymentArns': listed(
    'DescribeServiceDeployments.serviceDeploymentArns',
    20,
    'You can specify a maximum of 20 ARNs.',
  ),
  'DescribeServiceRevisionsRequest.serviceRevisionArns': listed(
    'DescribeServiceRevisions.serviceRevisionArns',
    20,
    'You can specify a maximum of 20 ARNs.',
  ),
  'DescribeTasksRequest.tasks': listed('DescribeTasks.tasks', 100, 'A list of up to 100 task IDs or full ARN entries.'),
  'DescribeContainerInstancesRequest.containerInstances': listed(
    'DescribeContainerInstances.containerInstances',
    100,
    'A list of up to 100 container instance IDs or full Amazon Resource Name (ARN) entries.',
  ),
  'UpdateContainerInstancesStateRequest.containerInstances': listed(
    'UpdateContainerInstancesState.containerInstances',
    10,
    'A list of up to 10 container instance IDs or full ARN entries.',
  ),
  'StartTaskRequest.containerInstances': listed('StartTask.containerInstances', 10, 'You can specify up to 10 container instances.'),
  'DeleteTaskDefinitionsRequest.taskDefinitions': listed(
    'DeleteTaskDefinitions.taskDefinitions',
    10,
    'You can specify up to 10 task definitions',
  ),
  'PutAttributesRequest.attributes': listed('PutAttributes.attributes', 10, 'You can specify up to 10 attributes in a single call.'),
  'DeleteAttributesRequest.attributes': listed('DeleteAttributes.attributes', 10, 'You can specify up to 10 attributes for each request.'),
  ...Object.fromEntries(
    [
      'ListClusters',
      'ListTaskDefinitions',
      'ListTaskDefinitionFamilies',
      'ListContainerInstances',
      'ListAttributes',
      'ListTasks',
      'ListServices',
      'ListServiceDeployments',
    ].map(maxResults),
  ),

  // Task definitions
  RegisterTaskDefinitionRequest: {
    json: { max: 64 * 1024, excludeMembers: ['tags'], what: 'task definition', unit: 'bytes' },
    source: `${QUOTAS_PAGE}: task definition size, 64 KiB (the compact JSON of the definition, tags not included)`,
  },
  'RegisterTaskDefinitionRequest.containerDefinitions': max(10, `${QUOTAS_PAGE}: containers per task definition, 10`),
  'RegisterTaskDefinitionRequest.family': nameRule('RegisterTaskDefinition.family'),
  'RegisterTaskDefinitionRequest.placementConstraints': listed(
    'RegisterTaskDefinition.placementConstraints',
    10,
    'You can specify a maximum of 10 constraints for each task.',
  ),
  'ContainerDefinition.name': nameRule('ContainerDefinition.name'),
  // 255 before the `@` of a digest reference, plus `@sha512:` and 128 hex digits at most.
  'ContainerDefinition.image': max(
    255 + 1 + 7 + 128,
    ref(
      'ContainerDefinition.image',
      'up to 255 characters total are allowed … the 255 character limit applies only to the repository URL and image name',
    ),
  ),
  'ContainerDefinition.credentialSpecs': listed('ContainerDefinition.credentialSpecs', 1, 'The maximum number of ARNs is 1.'),
  'ContainerRestartPolicy.ignoredExitCodes': listed(
    'ContainerRestartPolicy.ignoredExitCodes',
    50,
    'You can specify a maximum of 50 container exit codes.',
  ),
  'PortMapping.name': listed('PortMapping.name', 64, 'The name can include up to 64 characters.'),
  'Volume.name': nameRule('Volume.name'),
  'PlacementConstraint.expression': listed(
    'PlacementConstraint.expression',
    2000,
    'The expression can have a maximum length of 2000 characters.',
  ),
  'Attribute.name': listed('Attribute.name', 128, 'The name must contain between 1 and 128 characters.'),
  'Attribute.value': listed('Attribute.value', 128, 'The value must contain between 1 and 128 characters.'),

  // Clusters and services
  'CreateClusterRequest.clusterName': nameRule('CreateCluster.clusterName'),
  'ClusterServiceConnectDefaultsRequest.namespace': listed(
    'ClusterServiceConnectDefaultsRequest.namespace',
    1024,
    'The namespace name can include up to 1024 characters.',
  ),
  'CreateServiceRequest.serviceName': nameRule('CreateService.serviceName'),
  'CreateServiceRequest.clientToken': listed(
    'CreateService.clientToken',
    36,
    'Up to 36 ASCII characters in the range of 33-126 (inclusive) are allowed.',
  ),
  ...Object.fromEntries(
    ['CreateService', 'UpdateService', 'RunTask'].flatMap((op) => [
      [`${op}Request.placementStrategy`, listed(`${op}.placementStrategy`, 5, 'You can specify a maximum of 5 strategy rules')],
      [
        `${op}Request.capacityProviderStrategy`,
        listed(`${op}.capacityProviderStrategy`, 20, 'A capacity provider strategy can contain a maximum of 20 capacity providers.'),
      ],
    ]),
  ),
  'CreateServiceRequest.placementConstraints': listed(
    'CreateService.placementConstraints',
    10,
    'You can specify a maximum of 10 constraints for each task.',
  ),
  'UpdateServiceRequest.placementConstraints': listed(
    'UpdateService.placementConstraints',
    10,
    'You can specify a maximum of 10 constraints for each task.',
  ),
  'ServiceConnectService.discoveryName': listed('ServiceConnectService.discoveryName', 64, 'The name can contain up to 64 characters.'),
  'ServiceConnectService.clientAliases': listed(
    'ServiceConnectService.clientAliases',
    1,
    'The maximum number of client aliases that you can have in this list is 1.',
  ),
  'ServiceConnectClientAlias.dnsName': listed('ServiceConnectClientAlias.dnsName', 127, 'The name can include up to 127 characters.'),
  'AwsVpcConfiguration.subnets': listed('AwsVpcConfiguration.subnets', 16, "There's a limit of 16 subnets that can be specified."),
  'AwsVpcConfiguration.securityGroups': listed(
    'AwsVpcConfiguration.securityGroups',
    5,
    "There's a limit of 5 security groups that can be specified.",
  ),

  // Tasks
  'RunTaskRequest.count': { min: 1, max: 10, source: ref('RunTask.count', 'You can specify up to 10 tasks for each call.') },
  'RunTaskRequest.placementConstraints': listed('RunTask.placementConstraints', 10, 'You can specify up to 10 constraints for each task'),
  'RunTaskRequest.startedBy': listed(
    'RunTask.startedBy',
    128,
    'Up to 128 letters (uppercase and lowercase), numbers, hyphens (-), forward slash (/), and underscores (_) are allowed.',
  ),
  'RunTaskRequest.clientToken': listed('RunTask.clientToken', 64, 'Up to 64 characters are allowed.'),
  'StartTaskRequest.startedBy': listed(
    'StartTask.startedBy',
    36,
    'Up to 36 letters (uppercase and lowercase), numbers, hyphens (-), forward slash (/), and underscores (_) are allowed.',
  ),
  ...Object.fromEntries(
    ['RunTask', 'StartTask'].map((op) => [
      `${op}Request.overrides`,
      {
        json: { max: 8192, what: 'overrides', unit: 'characters' },
        source: ref(
          `${op}.overrides`,
          'A total of 8192 characters are allowed for overrides. This limit includes the JSON formatting characters of the override structure.',
        ),
      },
    ]),
  ),
};

import type { AppContext } from '../../app/context.js';
import { discoverPollEndpoint, submitContainerStateChange, submitTaskStateChange } from '../../app/agent-calls/ecs-agent-calls.js';
import { createCapacityProvider } from '../../app/capacity-providers/create-capacity-provider.js';
import { deleteCapacityProvider } from '../../app/capacity-providers/delete-capacity-provider.js';
import { describeCapacityProviders } from '../../app/capacity-providers/describe-capacity-providers.js';
import { putClusterCapacityProviders } from '../../app/capacity-providers/put-cluster-capacity-providers.js';
import { updateCapacityProvider } from '../../app/capacity-providers/update-capacity-provider.js';
import { createCluster } from '../../app/clusters/create-cluster.js';
import { deleteCluster } from '../../app/clusters/delete-cluster.js';
import { describeClusters } from '../../app/clusters/describe-clusters.js';
import { listClusters } from '../../app/clusters/list-clusters.js';
import { updateCluster, updateClusterSettings } from '../../app/clusters/update-cluster.js';
import { deleteAttributes, listAttributes, putAttributes } from '../../app/container-instances/attribute-operations.js';
import { deregisterContainerInstance } from '../../app/container-instances/deregister-container-instance.js';
import { describeContainerInstances } from '../../app/container-instances/describe-container-instances.js';
import { listContainerInstances } from '../../app/container-instances/list-container-instances.js';
import { registerContainerInstance } from '../../app/container-instances/register-container-instance.js';
import { updateContainerInstancesState } from '../../app/container-instances/update-container-instances-state.js';
import { createService } from '../../app/services/create-service.js';
import { deleteService } from '../../app/services/delete-service.js';
import { describeServices, listServices } from '../../app/services/describe-services.js';
import { updateService } from '../../app/services/update-service.js';
import { describeServiceDeployments, describeServiceRevisions, listServiceDeployments } from '../../app/services/service-deployments.js';
import { stopServiceDeployment } from '../../app/services/stop-service-deployment.js';
import { listTagsForResource, tagResource, untagResource } from '../../app/tags/tag-resource.js';
import { deleteTaskDefinitions, deregisterTaskDefinition } from '../../app/task-definitions/deregister-task-definition.js';
import { describeTaskDefinition } from '../../app/task-definitions/describe-task-definition.js';
import { listTaskDefinitionFamilies, listTaskDefinitions } from '../../app/task-definitions/list-task-definitions.js';
import { registerTaskDefinition } from '../../app/task-definitions/register-task-definition.js';
import { describeTasks } from '../../app/tasks/describe-tasks.js';
import { listTasks } from '../../app/tasks/list-tasks.js';
import { runTask } from '../../app/tasks/run-task.js';
import { startTask } from '../../app/tasks/start-task.js';
import { stopTask } from '../../app/tasks/stop-task.js';
import { getTaskProtection, updateTaskProtection } from '../../app/tasks/task-protection.js';
import type { OperationHandler } from '../aws-json.js';
import { refuseUnsupportedMembers } from './member-support.js';
import {
  deleteAccountSetting,
  listAccountSettings,
  putAccountSetting,
  putAccountSettingDefault,
} from '../../app/account-settings/account-settings.js';

/**
 * ECS operation name → use case: a Map, so a target such as `…V20141113.toString`
 * or `.constructor` finds nothing. Model operations not listed here answer
 * UnknownOperationException.
 */
const handlers: [string, OperationHandler<AppContext>][] = [
  ['CreateCluster', createCluster],
  ['DescribeClusters', describeClusters],
  ['ListClusters', listClusters],
  ['DeleteCluster', deleteCluster],
  ['UpdateCluster', updateCluster],
  ['UpdateClusterSettings', updateClusterSettings],
  ['RegisterTaskDefinition', registerTaskDefinition],
  ['DescribeTaskDefinition', describeTaskDefinition],
  ['ListTaskDefinitions', listTaskDefinitions],
  ['ListTaskDefinitionFamilies', listTaskDefinitionFamilies],
  ['DeregisterTaskDefinition', deregisterTaskDefinition],
  ['DeleteTaskDefinitions', deleteTaskDefinitions],
  ['TagResource', tagResource],
  ['UntagResource', untagResource],
  ['ListTagsForResource', listTagsForResource],
  ['RegisterContainerInstance', registerContainerInstance],
  ['DeregisterContainerInstance', deregisterContainerInstance],
  ['DescribeContainerInstances', describeContainerInstances],
  ['ListContainerInstances', listContainerInstances],
  ['UpdateContainerInstancesState', updateContainerInstancesState],
  ['PutAttributes', putAttributes],
  ['DeleteAttributes', deleteAttributes],
  ['ListAttributes', listAttributes],
  ['DiscoverPollEndpoint', discoverPollEndpoint],
  ['SubmitTaskStateChange', submitTaskStateChange],
  ['SubmitContainerStateChange', submitContainerStateChange],
  ['RunTask', runTask],
  ['StartTask', startTask],
  ['StopTask', stopTask],
  ['DescribeTasks', describeTasks],
  ['ListTasks', listTasks],
  ['CreateService', createService],
  ['UpdateService', updateService],
  ['DeleteService', deleteService],
  ['DescribeServices', describeServices],
  ['ListServices', listServices],
  ['GetTaskProtection', getTaskProtection],
  ['UpdateTaskProtection', updateTaskProtection],
  ['PutAccountSetting', putAccountSetting],
  ['PutAccountSettingDefault', putAccountSettingDefault],
  ['DeleteAccountSetting', deleteAccountSetting],
  ['ListAccountSettings', listAccountSettings],
  ['CreateCapacityProvider', createCapacityProvider],
  ['UpdateCapacityProvider', updateCapacityProvider],
  ['DeleteCapacityProvider', deleteCapacityProvider],
  ['DescribeCapacityProviders', describeCapacityProviders],
  ['PutClusterCapacityProviders', putClusterCapacityProviders],
  ['ListServiceDeployments', listServiceDeployments],
  ['DescribeServiceDeployments', describeServiceDeployments],
  ['DescribeServiceRevisions', describeServiceRevisions],
  ['StopServiceDeployment', stopServiceDeployment],
];

/** Each handler behind the member table (src/api/ecs/member-support.ts): what Berth does not act on is refused first. */
export const ecsOperations: ReadonlyMap<string, OperationHandler<AppContext>> = new Map(
  handlers.map(([name, handler]): [string, OperationHandler<AppContext>] => [
    name,
    (input, ctx, caller) => {
      refuseUnsupportedMembers(name, input);
      return handler(input, ctx, caller);
    },
  ]),
);

import type { AppContext } from '../app/context.js';
import { createCluster } from '../app/clusters/create-cluster.js';
import { deleteCluster } from '../app/clusters/delete-cluster.js';
import { describeClusters } from '../app/clusters/describe-clusters.js';
import { listClusters } from '../app/clusters/list-clusters.js';
import { updateCluster, updateClusterSettings } from '../app/clusters/update-cluster.js';
import { listTagsForResource, tagResource, untagResource } from '../app/tags/tag-resource.js';
import { deleteTaskDefinitions, deregisterTaskDefinition } from '../app/task-definitions/deregister-task-definition.js';
import { describeTaskDefinition } from '../app/task-definitions/describe-task-definition.js';
import { listTaskDefinitionFamilies, listTaskDefinitions } from '../app/task-definitions/list-task-definitions.js';
import { registerTaskDefinition } from '../app/task-definitions/register-task-definition.js';
import type { OperationTable } from './aws-json.js';

/** ECS operation name → use case. Operations not listed answer UnknownOperationException. */
export const ecsOperations: OperationTable<AppContext> = {
  CreateCluster: createCluster,
  DescribeClusters: describeClusters,
  ListClusters: listClusters,
  DeleteCluster: deleteCluster,
  UpdateCluster: updateCluster,
  UpdateClusterSettings: updateClusterSettings,
  RegisterTaskDefinition: registerTaskDefinition,
  DescribeTaskDefinition: describeTaskDefinition,
  ListTaskDefinitions: listTaskDefinitions,
  ListTaskDefinitionFamilies: listTaskDefinitionFamilies,
  DeregisterTaskDefinition: deregisterTaskDefinition,
  DeleteTaskDefinitions: deleteTaskDefinitions,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};

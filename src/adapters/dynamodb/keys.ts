/**
 * Every DynamoDB key Berth writes is built here, and nowhere else.
 * One table, generic key attributes (PK/SK, GSI1PK/GSI1SK, GSI2PK/GSI2SK),
 * prefixed values so one partition can hold several entity types.
 * The README's entity chart and access-pattern table mirror this file.
 */
export interface Key {
  PK: string;
  SK: string;
}

/** Zero-padded so that string order equals numeric order in sort keys. */
export const pad = (n: number, width = 10) => String(n).padStart(width, '0');

export const keys = {
  cluster: (name: string): Key => ({ PK: `CLUSTER#${name}`, SK: 'CLUSTER' }),
  /** GSI1: the list of live clusters (ListClusters), ordered by name. */
  clusterList: (name: string) => ({ GSI1PK: 'CLUSTERS', GSI1SK: name }),
  clusterListPartition: () => 'CLUSTERS',

  family: (family: string): Key => ({ PK: `FAMILY#${family}`, SK: 'FAMILY' }),
  /** GSI1: every family (ListTaskDefinitionFamilies), ordered by name. */
  familyList: (family: string) => ({ GSI1PK: 'FAMILIES', GSI1SK: family }),
  familyListPartition: () => 'FAMILIES',

  taskDefinition: (family: string, revision: number): Key => ({ PK: `FAMILY#${family}`, SK: `REV#${pad(revision)}` }),
  taskDefinitionRevisionPrefix: () => 'REV#',
  /** GSI1: revisions by status, ordered by family then revision (ListTaskDefinitions). */
  taskDefinitionList: (status: string, family: string, revision: number) => ({
    GSI1PK: `TASKDEFS#${status}`,
    GSI1SK: `${family}#${pad(revision)}`,
  }),
  taskDefinitionListPartition: (status: string) => `TASKDEFS#${status}`,
  taskDefinitionListFamilyPrefix: (family: string) => `${family}#`,

  /** Children of a cluster live in the cluster's partition, by type prefix. */
  clusterPartition: (cluster: string) => `CLUSTER#${cluster}`,
  containerInstance: (cluster: string, id: string): Key => ({ PK: `CLUSTER#${cluster}`, SK: `INSTANCE#${id}` }),
  containerInstancePrefix: () => 'INSTANCE#',
  service: (cluster: string, name: string): Key => ({ PK: `CLUSTER#${cluster}`, SK: `SERVICE#${name}` }),
  servicePrefix: () => 'SERVICE#',
  task: (cluster: string, id: string): Key => ({ PK: `CLUSTER#${cluster}`, SK: `TASK#${id}` }),
  taskPrefix: () => 'TASK#',
  /** GSI1, sparse: a placed task while it is not STOPPED — what an agent must run (its poll). */
  instanceTask: (cluster: string, instanceId: string, id: string) => ({ GSI1PK: `INSTTASKS#${cluster}#${instanceId}`, GSI1SK: id }),
  instanceTaskPartition: (cluster: string, instanceId: string) => `INSTTASKS#${cluster}#${instanceId}`,
  /** GSI2, sparse: present only while a task is not STOPPED, so live tasks are found without reading history. */
  liveTask: (cluster: string, id: string) => ({ GSI2PK: `LIVETASKS#${cluster}`, GSI2SK: id }),
  liveTaskPartition: (cluster: string) => `LIVETASKS#${cluster}`,
  /**
   * GSI3: a service's tasks. Live ones sort under `L#`; stopped ones under
   * `S#<stoppedAt ms>#` so "stopped since T" is a range, and TTL trims history.
   */
  serviceTask: (cluster: string, service: string, id: string, stoppedAtMs?: number) => ({
    GSI3PK: `SVCTASKS#${cluster}#${service}`,
    GSI3SK: stoppedAtMs === undefined ? `L#${id}` : `S#${pad(stoppedAtMs, 15)}#${id}`,
  }),
  serviceTaskPartition: (cluster: string, service: string) => `SVCTASKS#${cluster}#${service}`,
  serviceLiveTaskPrefix: () => 'L#',
  serviceStoppedTaskFrom: (sinceMs: number) => `S#${pad(sinceMs, 15)}`,
  serviceStoppedTaskTo: () => 'S#~',

  /** GSI1, sparse: a task waiting in PROVISIONING for capacity (no instance yet), oldest first. */
  provisioningTask: (cluster: string, createdAtMs: number, id: string) => ({
    GSI1PK: `PROVTASKS#${cluster}`,
    GSI1SK: `${pad(createdAtMs, 15)}#${id}`,
  }),
  provisioningTaskPartition: (cluster: string) => `PROVTASKS#${cluster}`,

  capacityProvider: (name: string): Key => ({ PK: `CAPPROVIDER#${name}`, SK: 'CAPPROVIDER' }),
  /** GSI1: the ACTIVE capacity providers (DescribeCapacityProviders without names), ordered by name. */
  capacityProviderList: (name: string) => ({ GSI1PK: 'CAPPROVIDERS', GSI1SK: name }),
  capacityProviderListPartition: () => 'CAPPROVIDERS',
  /** One capacity provider per Auto Scaling group: the group's claim, written with its provider. */
  scalingGroupClaim: (groupName: string): Key => ({ PK: `ASGCLAIM#${groupName}`, SK: 'ASGCLAIM' }),

  /** Idempotency records (clientToken), expiring with TTL. */
  idempotency: (scope: string, token: string): Key => ({ PK: `TOKEN#${scope}#${token}`, SK: 'TOKEN' }),
} as const;

/** Attribute holding the epoch-seconds expiry that DynamoDB TTL deletes on. */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * Every DynamoDB key Berth writes is built here, and nowhere else.
 * One table, generic key attributes (PK/SK, GSI<n>PK/GSI<n>SK),
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
  /** The cluster and id a container instance's key names (its item leaves them out). */
  containerInstanceOfKey: (key: Key) => ({ clusterName: key.PK.slice('CLUSTER#'.length), id: key.SK.slice('INSTANCE#'.length) }),
  service: (cluster: string, name: string): Key => ({ PK: `CLUSTER#${cluster}`, SK: `SERVICE#${name}` }),
  servicePrefix: () => 'SERVICE#',
  /**
   * A service's dirty mark ("look at me soon"), an item of its own: marking
   * writes ~60 bytes (1 WCU) instead of the >1 KB service item (2 WCU).
   * Service names hold only letters, digits, `-` and `_`, all of which sort
   * after `#`: `SERVICE#<name>#DIRTY` sorts right after `SERVICE#<name>` and
   * before any other service, so every Query of `SERVICE#` (the reconciler's
   * read of the cluster's services) reads the mark next to its service, and
   * `serviceItems` is the range of exactly one service's items.
   */
  serviceDirty: (cluster: string, name: string): Key => ({ PK: `CLUSTER#${cluster}`, SK: `SERVICE#${name}#DIRTY` }),
  serviceItems: (name: string) => ({ from: `SERVICE#${name}`, to: `SERVICE#${name}#~` }),
  task: (cluster: string, id: string): Key => ({ PK: `CLUSTER#${cluster}`, SK: `TASK#${id}` }),
  taskPrefix: () => 'TASK#',
  /**
   * Task indexes are GSI4-6, KEYS_ONLY: a task's transitions (most of its writes)
   * change no index key, so they write no index; readers BatchGet the items.
   * GSI4, sparse: a placed task while it is not STOPPED — what an agent must run (its poll).
   */
  instanceTask: (cluster: string, instanceId: string, id: string) => ({ GSI4PK: `INSTTASKS#${cluster}#${instanceId}`, GSI4SK: id }),
  instanceTaskPartition: (cluster: string, instanceId: string) => `INSTTASKS#${cluster}#${instanceId}`,
  /** GSI5, sparse: present only while a task is not STOPPED, so live tasks are found without reading history. */
  liveTask: (cluster: string, id: string) => ({ GSI5PK: `LIVETASKS#${cluster}`, GSI5SK: id }),
  liveTaskPartition: (cluster: string) => `LIVETASKS#${cluster}`,
  /**
   * GSI6: a service's tasks. Live ones (and stopped ones whose load balancer
   * targets are not deregistered yet) sort under `L#`; stopped ones under
   * `S#<stoppedAt ms>#` so "stopped since T" is a range, and TTL trims history.
   */
  serviceTask: (cluster: string, service: string, id: string, stoppedAtMs?: number) => ({
    GSI6PK: `SVCTASKS#${cluster}#${service}`,
    GSI6SK: stoppedAtMs === undefined ? `L#${id}` : `S#${pad(stoppedAtMs, 15)}#${id}`,
  }),
  serviceTaskPartition: (cluster: string, service: string) => `SVCTASKS#${cluster}#${service}`,
  serviceLiveTaskPrefix: () => 'L#',
  serviceStoppedTaskFrom: (sinceMs: number) => `S#${pad(sinceMs, 15)}`,
  serviceStoppedTaskTo: () => 'S#~',

  /**
   * A service's deployment history (ListServiceDeployments, Describe*): service deployments and
   * revisions in the cluster's partition by the deployment id's digits (what their ARNs carry);
   * GSI1 lists a service's deployments by creation time, newest first with ScanIndexForward=false.
   */
  serviceDeployment: (cluster: string, service: string, historyId: string): Key => ({
    PK: `CLUSTER#${cluster}`,
    SK: `SVCDEPLOY#${service}#${historyId}`,
  }),
  serviceDeploymentList: (cluster: string, service: string, createdAtMs: number, historyId: string) => ({
    GSI1PK: `SVCDEPLOYS#${cluster}#${service}`,
    GSI1SK: `${pad(createdAtMs, 15)}#${historyId}`,
  }),
  serviceDeploymentListPartition: (cluster: string, service: string) => `SVCDEPLOYS#${cluster}#${service}`,
  serviceDeploymentListFrom: (createdAtMs: number) => pad(Math.max(0, createdAtMs), 15),
  serviceDeploymentListTo: (createdAtMs: number) => `${pad(Math.max(0, createdAtMs), 15)}#~`,
  serviceRevision: (cluster: string, service: string, historyId: string): Key => ({
    PK: `CLUSTER#${cluster}`,
    SK: `SVCREV#${service}#${historyId}`,
  }),

  /** An instance's open agent channel (the WebSocket connection pushes go to); the newest connection wins. */
  agentConnection: (cluster: string, instanceId: string): Key => ({ PK: `CLUSTER#${cluster}`, SK: `AGENTCONN#${instanceId}` }),
  /** A WebSocket connection → the instance that opened it (authenticated at $connect), expiring with TTL. */
  connection: (connectionId: string): Key => ({ PK: `CONNECTION#${connectionId}`, SK: 'CONNECTION' }),
  /** GSI4, sparse: a task waiting in PROVISIONING for capacity (no instance yet), oldest first. */
  provisioningTask: (cluster: string, createdAtMs: number, id: string) => ({
    GSI4PK: `PROVTASKS#${cluster}`,
    GSI4SK: `${pad(createdAtMs, 15)}#${id}`,
  }),
  provisioningTaskPartition: (cluster: string) => `PROVTASKS#${cluster}`,

  capacityProvider: (name: string): Key => ({ PK: `CAPPROVIDER#${name}`, SK: 'CAPPROVIDER' }),
  /** GSI1: the ACTIVE capacity providers (DescribeCapacityProviders without names), ordered by name. */
  capacityProviderList: (name: string) => ({ GSI1PK: 'CAPPROVIDERS', GSI1SK: name }),
  capacityProviderListPartition: () => 'CAPPROVIDERS',
  /** One capacity provider per Auto Scaling group: the group's claim, written with its provider. */
  scalingGroupClaim: (groupName: string): Key => ({ PK: `ASGCLAIM#${groupName}`, SK: 'ASGCLAIM' }),

  /**
   * Application Auto Scaling: a scalable target's partition holds the target,
   * its policies, scheduled actions and activities. GSI1 lists each kind per
   * service namespace (Describe* without a resource id).
   */
  scalingPartition: (namespace: string, dimension: string, resourceId: string) => `SCALABLE#${namespace}#${dimension}#${resourceId}`,
  scalableTarget: (namespace: string, dimension: string, resourceId: string): Key => ({
    PK: keys.scalingPartition(namespace, dimension, resourceId),
    SK: 'TARGET',
  }),
  scalableTargetList: (namespace: string, dimension: string, resourceId: string) => ({
    GSI1PK: `SCALABLES#${namespace}`,
    GSI1SK: `${resourceId}#${dimension}`,
  }),
  scalableTargetListPartition: (namespace: string) => `SCALABLES#${namespace}`,
  scalingPolicy: (namespace: string, dimension: string, resourceId: string, name: string): Key => ({
    PK: keys.scalingPartition(namespace, dimension, resourceId),
    SK: `POLICY#${name}`,
  }),
  scalingPolicyPrefix: () => 'POLICY#',
  scalingPolicyList: (namespace: string, dimension: string, resourceId: string, name: string) => ({
    GSI1PK: `SCALINGPOLICIES#${namespace}`,
    GSI1SK: `${resourceId}#${dimension}#${name}`,
  }),
  scalingPolicyListPartition: (namespace: string) => `SCALINGPOLICIES#${namespace}`,
  /** A target-tracking policy's alarm → the policy (what scale-service looks up when CloudWatch invokes it). */
  alarmPolicy: (alarmName: string): Key => ({ PK: `ALARMPOLICY#${alarmName}`, SK: 'ALARMPOLICY' }),
  scheduledAction: (namespace: string, dimension: string, resourceId: string, name: string): Key => ({
    PK: keys.scalingPartition(namespace, dimension, resourceId),
    SK: `SCHEDULED#${name}`,
  }),
  scheduledActionPrefix: () => 'SCHEDULED#',
  scheduledActionList: (namespace: string, dimension: string, resourceId: string, name: string) => ({
    GSI1PK: `SCHEDULEDACTIONS#${namespace}`,
    GSI1SK: `${resourceId}#${dimension}#${name}`,
  }),
  scheduledActionListPartition: (namespace: string) => `SCHEDULEDACTIONS#${namespace}`,
  /** GSI2, sparse: a scheduled action that will run again, by when (the schedule's "what is due" Query). */
  scheduledActionDue: (nextRunAtMs: number, namespace: string, dimension: string, resourceId: string, name: string) => ({
    GSI2PK: 'SCHEDULEDUE',
    GSI2SK: `${pad(nextRunAtMs, 15)}#${namespace}#${dimension}#${resourceId}#${name}`,
  }),
  scheduledActionDuePartition: () => 'SCHEDULEDUE',
  scheduledActionDueUntil: (nowMs: number) => `${pad(nowMs, 15)}#~`,
  /** Newest first with ScanIndexForward=false; expiring with TTL after six weeks, as AWS keeps them. */
  scalingActivity: (namespace: string, dimension: string, resourceId: string, startMs: number, id: string): Key => ({
    PK: keys.scalingPartition(namespace, dimension, resourceId),
    SK: `ACTIVITY#${pad(startMs, 15)}#${id}`,
  }),
  scalingActivityPrefix: () => 'ACTIVITY#',
  scalingActivityList: (namespace: string, startMs: number, id: string) => ({
    GSI1PK: `SCALINGACTIVITIES#${namespace}`,
    GSI1SK: `${pad(startMs, 15)}#${id}`,
  }),
  scalingActivityListPartition: (namespace: string) => `SCALINGACTIVITIES#${namespace}`,

  /**
   * Task usage, aggregated per instance and metric period before it is
   * stored (one item per instance, period and writing process), read back
   * by the metrics publisher with one Query per cluster and period.
   */
  instanceUsage: (cluster: string, periodStartS: number, instanceId: string, writer: string): Key => ({
    PK: `CLUSTER#${cluster}`,
    SK: `USAGE#${pad(periodStartS)}#${instanceId}#${writer}`,
  }),
  instanceUsagePeriodPrefix: (periodStartS: number) => `USAGE#${pad(periodStartS)}#`,
  /** The last metric period published for a cluster: at most one publication per cluster per period. */
  metricsMarker: (cluster: string): Key => ({ PK: `CLUSTER#${cluster}`, SK: 'METRICS' }),
  /** A Berth-issued access key (user or container instance), its secret sealed. */
  credential: (accessKeyId: string): Key => ({ PK: `CREDENTIAL#${accessKeyId}`, SK: 'CREDENTIAL' }),
  /** GSI1, users only: `berth credentials list`, ordered by name. */
  credentialList: (name: string, accessKeyId: string) => ({ GSI1PK: 'CREDENTIALS', GSI1SK: `${name}#${accessKeyId}` }),
  credentialListPartition: () => 'CREDENTIALS',
  /** A cluster join token (its secret only as a hash), expiring with TTL. */
  joinToken: (id: string): Key => ({ PK: `JOINTOKEN#${id}`, SK: 'JOINTOKEN' }),
  /** GSI1: `berth join-token list`, by cluster. */
  joinTokenList: (cluster: string, id: string) => ({ GSI1PK: 'JOINTOKENS', GSI1SK: `${cluster}#${id}` }),
  joinTokenListPartition: () => 'JOINTOKENS',

  /** ECS account settings: one partition per principal (the account root holds the defaults), one item per name. */
  accountSetting: (principalArn: string, name: string): Key => ({ PK: `ACCOUNTSETTINGS#${principalArn}`, SK: name }),
  accountSettingPartition: (principalArn: string) => `ACCOUNTSETTINGS#${principalArn}`,

  /** Idempotency records (clientToken), expiring with TTL. */
  idempotency: (scope: string, token: string): Key => ({ PK: `TOKEN#${scope}#${token}`, SK: 'TOKEN' }),
} as const;

/** Attribute holding the epoch-seconds expiry that DynamoDB TTL deletes on. */
export const TTL_ATTRIBUTE = 'expiresAt';

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

  /** An instance's open agent channel (the WebSocket connection pushes go to); the newest connection wins. */
  agentConnection: (cluster: string, instanceId: string): Key => ({ PK: `CLUSTER#${cluster}`, SK: `AGENTCONN#${instanceId}` }),
  /** A WebSocket connection → the instance that opened it (authenticated at $connect), expiring with TTL. */
  connection: (connectionId: string): Key => ({ PK: `CONNECTION#${connectionId}`, SK: 'CONNECTION' }),

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

  /** Idempotency records (clientToken), expiring with TTL. */
  idempotency: (scope: string, token: string): Key => ({ PK: `TOKEN#${scope}#${token}`, SK: 'TOKEN' }),
} as const;

/** Attribute holding the epoch-seconds expiry that DynamoDB TTL deletes on. */
export const TTL_ATTRIBUTE = 'expiresAt';

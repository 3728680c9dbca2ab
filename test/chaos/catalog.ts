/**
 * The chaos cluster: a few small hosts, task definitions that contend for
 * CPU, memory, dynamic and static TCP/UDP ports, services with every rule
 * that can be broken (min/max percent, distinctInstance, attribute memberOf,
 * health-check grace), and RunTask templates with distinctInstance, mutually
 * exclusive task groups and attribute constraints. Small on purpose: the
 * point is contention, and every desired count fits when nothing is broken,
 * so convergence is a fair demand.
 */
import type { PlacementConstraint, RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';

export const CLUSTER = 'chaos';

export interface HostSpec {
  zone: string;
  size: 'large' | 'small';
  cpu: number;
  memory: number;
}

export const HOSTS: readonly HostSpec[] = [
  { zone: 'us-east-1a', size: 'large', cpu: 1024, memory: 1024 },
  { zone: 'us-east-1b', size: 'small', cpu: 1024, memory: 1024 },
  { zone: 'us-east-1c', size: 'large', cpu: 1024, memory: 1024 },
  { zone: 'us-east-1a', size: 'small', cpu: 1024, memory: 1024 },
];

const container = (
  name: string,
  cpu: number,
  memory: number,
  portMappings: { containerPort: number; hostPort?: number; protocol?: 'tcp' | 'udp' }[] = [],
) => ({
  name,
  image: 'busybox',
  cpu,
  memory,
  essential: true,
  portMappings,
});

/** Registered in this order at setup; `web` twice so deployments can alternate revisions. */
export const TASK_DEFINITIONS: readonly RegisterTaskDefinitionRequest[] = [
  { family: 'web', containerDefinitions: [container('web', 128, 128, [{ containerPort: 80 }])] },
  { family: 'web', containerDefinitions: [container('web', 128, 128, [{ containerPort: 80 }, { containerPort: 81 }])] },
  { family: 'api', containerDefinitions: [container('api', 256, 192, [{ containerPort: 8080, hostPort: 8080 }])] },
  { family: 'dns', containerDefinitions: [container('dns', 64, 64, [{ containerPort: 53, hostPort: 5353, protocol: 'udp' }])] },
  { family: 'job', containerDefinitions: [container('job', 64, 64)] },
  {
    family: 'large-only',
    containerDefinitions: [container('large', 128, 128)],
    placementConstraints: [{ type: 'memberOf', expression: 'attribute:size == large' }],
  },
];

/** Families whose tasks end on their own now and then (batch jobs). */
export const SHORT_LIVED_FAMILIES = new Set(['job', 'dns']);

export interface ServiceSpec {
  name: string;
  /** Task definitions a deployment alternates between. */
  taskDefinitions: readonly string[];
  maxDesired: number;
  minimumHealthyPercent: number;
  maximumPercent: number;
  healthCheckGracePeriodSeconds?: number;
  placementConstraints?: PlacementConstraint[];
}

export const SERVICES: readonly ServiceSpec[] = [
  {
    name: 'svc-web',
    taskDefinitions: ['web:1', 'web:2'],
    maxDesired: 5,
    minimumHealthyPercent: 50,
    maximumPercent: 200,
    healthCheckGracePeriodSeconds: 10,
  },
  // One static host port per task: at most one per host, so it rolls stop-first.
  { name: 'svc-api', taskDefinitions: ['api:1'], maxDesired: 3, minimumHealthyPercent: 50, maximumPercent: 100 },
  {
    name: 'svc-solo',
    taskDefinitions: ['web:1', 'web:2'],
    maxDesired: 3,
    minimumHealthyPercent: 100,
    maximumPercent: 200,
    healthCheckGracePeriodSeconds: 20,
    placementConstraints: [{ type: 'distinctInstance' }],
  },
  {
    name: 'svc-large',
    taskDefinitions: ['large-only:1'],
    maxDesired: 4,
    minimumHealthyPercent: 100,
    maximumPercent: 200,
    healthCheckGracePeriodSeconds: 30,
  },
];

export interface RunTaskTemplate {
  name: string;
  taskDefinition: string;
  group: string;
  count: number;
  placementConstraints?: PlacementConstraint[];
}

export const RUN_TASK_TEMPLATES: readonly RunTaskTemplate[] = [
  { name: 'batch', taskDefinition: 'job', group: 'batch', count: 2 },
  { name: 'solo', taskDefinition: 'job', group: 'solo-job', count: 2, placementConstraints: [{ type: 'distinctInstance' }] },
  {
    name: 'red',
    taskDefinition: 'job',
    group: 'red',
    count: 1,
    placementConstraints: [{ type: 'memberOf', expression: 'not(task:group == blue)' }],
  },
  {
    name: 'blue',
    taskDefinition: 'job',
    group: 'blue',
    count: 1,
    // A pattern, where red names the group: a rule over every group re-checks that none appeared (groups pruned meanwhile too).
    placementConstraints: [{ type: 'memberOf', expression: 'not(task:group =~ re.*)' }],
  },
  {
    name: 'near-web',
    taskDefinition: 'job',
    group: 'near-web',
    count: 1,
    placementConstraints: [{ type: 'memberOf', expression: 'task:group == service:svc-web and runningTasksCount < 8' }],
  },
  { name: 'large-batch', taskDefinition: 'large-only', group: 'large-batch', count: 2 },
  { name: 'dns', taskDefinition: 'dns', group: 'dns', count: 3 },
];

/**
 * The placement rules the invariants check, as facts about live tasks (a
 * rule that depends on when a task was placed, like "next to a web task",
 * cannot be checked on a snapshot and is exercised, not asserted).
 */
export const RULES = {
  /** At most one task of the group holding resources per instance. */
  distinctGroups: new Set(['solo-job', 'service:svc-solo']),
  /** Never both on one instance. */
  exclusiveGroups: [['red', 'blue']] as [string, string][],
  /** Only on instances with attribute size=large. */
  largeOnlyFamilies: new Set(['large-only']),
};

export const serviceSpec = (name: string) => SERVICES.find((s) => s.name === name)!;
export const runTaskTemplate = (name: string) => RUN_TASK_TEMPLATES.find((t) => t.name === name)!;

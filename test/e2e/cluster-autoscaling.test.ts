/**
 * Cluster autoscaling end to end on the local stack (10 s metric period), with
 * real containers and only the stock AWS CLI v2: a local Auto Scaling group of
 * one small instance, a capacity provider with managed scaling (target 100 %)
 * and managed termination protection, a service that needs five such
 * instances. Its tasks wait in PROVISIONING, CapacityProviderReservation
 * rises, the provider's alarm invokes scale-cluster, the group grows, every
 * task runs; scaled down, the group shrinks to its minimum and keeps the
 * instance that still runs a task.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { ensureLocalImage, TEST_IMAGE } from '../../src/agent/test-image.js';
import { LOST_REASON } from '../../src/app/reconcile/run-reconcile.js';
import { describeDocker, docker } from '../integration/docker/docker-env.js';
import { awsCli } from '../support/aws-cli.js';
import { waitUntil } from '../support/wait.js';

const cluster = 'cluster-scale';
const group = 'cluster-scale-asg';
const provider = 'cluster-scale-cp';

/** The AWS CLI v2 against the local endpoint; JSON out. */
const aws = awsCli(inject('ecsEndpoint')).json;

interface GroupView {
  DesiredCapacity: number;
  Instances: { InstanceId: string; LifecycleState: string; ProtectedFromScaleIn: boolean; AvailabilityZone: string }[];
}
const describeGroup = async (): Promise<GroupView> =>
  (await aws('autoscaling', 'describe-auto-scaling-groups', '--auto-scaling-group-names', group)).AutoScalingGroups[0];

interface TaskView {
  taskArn: string;
  lastStatus: string;
  desiredStatus: string;
  stoppedReason?: string;
  capacityProviderName?: string;
  containerInstanceArn?: string;
  containers: { networkBindings?: { hostPort: number }[] }[];
}
const serviceTasks = async (): Promise<TaskView[]> => {
  const { taskArns } = await aws('ecs', 'list-tasks', '--cluster', cluster, '--service-name', 'web');
  return taskArns.length ? (await aws('ecs', 'describe-tasks', '--cluster', cluster, '--tasks', ...taskArns)).tasks : [];
};

describeDocker('cluster autoscaling on the local stack', () => {
  beforeAll(async () => {
    await ensureLocalImage(docker);
    await aws('ecs', 'create-cluster', '--cluster-name', cluster);
    // One instance of 256 CPU units and 256 MiB: room for one 200-unit task.
    await aws(
      'autoscaling',
      'create-auto-scaling-group',
      '--auto-scaling-group-name',
      group,
      '--launch-template',
      'LaunchTemplateName=berth-local-agent',
      '--min-size',
      '1',
      '--max-size',
      '6',
      '--desired-capacity',
      '1',
      '--new-instances-protected-from-scale-in',
      '--availability-zones',
      'us-east-1a',
      'us-east-1b',
      '--tags',
      `Key=berth:cluster,Value=${cluster}`,
      'Key=berth:instance-cpu,Value=256',
      'Key=berth:instance-memory,Value=256',
    );
    await waitUntil(
      'the first instance registered',
      async () => (await aws('ecs', 'list-container-instances', '--cluster', cluster)).containerInstanceArns.length === 1,
      60_000,
      1000,
    );
    const { AutoScalingGroupARN } = (await aws('autoscaling', 'describe-auto-scaling-groups', '--auto-scaling-group-names', group))
      .AutoScalingGroups[0];
    await aws(
      'ecs',
      'create-capacity-provider',
      '--name',
      provider,
      '--auto-scaling-group-provider',
      `autoScalingGroupArn=${AutoScalingGroupARN},managedScaling={status=ENABLED,targetCapacity=100,minimumScalingStepSize=1,maximumScalingStepSize=10,instanceWarmupPeriod=10},managedTerminationProtection=ENABLED`,
    );
    await aws(
      'ecs',
      'put-cluster-capacity-providers',
      '--cluster',
      cluster,
      '--capacity-providers',
      provider,
      '--default-capacity-provider-strategy',
      `capacityProvider=${provider},weight=1`,
    );
    await aws(
      'ecs',
      'register-task-definition',
      '--family',
      'cluster-scale-web',
      '--container-definitions',
      JSON.stringify([
        {
          name: 'web',
          image: TEST_IMAGE,
          cpu: 200,
          memory: 128,
          stopTimeout: 2,
          essential: true,
          portMappings: [{ containerPort: 8080, hostPort: 0 }],
        },
      ]),
    );
  });

  afterAll(async () => {
    await aws('ecs', 'delete-service', '--cluster', cluster, '--service', 'web', '--force').catch(() => undefined);
    await aws('autoscaling', 'delete-auto-scaling-group', '--auto-scaling-group-name', group, '--force-delete').catch(() => undefined);
    await waitUntil(
      'the group gone',
      async () =>
        (await aws('autoscaling', 'describe-auto-scaling-groups', '--auto-scaling-group-names', group)).AutoScalingGroups.length === 0,
      60_000,
      1000,
    ).catch(() => undefined);
    await aws(
      'ecs',
      'put-cluster-capacity-providers',
      '--cluster',
      cluster,
      '--capacity-providers',
      '[]',
      '--default-capacity-provider-strategy',
      '[]',
    ).catch(() => undefined);
    await aws('ecs', 'delete-capacity-provider', '--capacity-provider', provider).catch(() => undefined);
  });

  it('grows the group for tasks waiting in PROVISIONING, then shrinks it to its minimum without touching a busy instance', async () => {
    await aws(
      'ecs',
      'create-service',
      '--cluster',
      cluster,
      '--service-name',
      'web',
      '--task-definition',
      'cluster-scale-web',
      '--desired-count',
      '5',
    );
    // One task fits the one instance; the other four wait for capacity (PROVISIONING) instead of failing.
    const provisioning = new Set<string>();
    const running = await waitUntil(
      'five tasks RUNNING',
      async () => {
        const tasks = await serviceTasks();
        for (const t of tasks) if (t.lastStatus === 'PROVISIONING') provisioning.add(t.taskArn);
        expect(tasks.every((t) => t.capacityProviderName === provider)).toBe(true);
        return tasks.length === 5 && tasks.every((t) => t.lastStatus === 'RUNNING') && tasks;
      },
      240_000,
      1000,
    );
    expect(provisioning.size).toBeGreaterThanOrEqual(3);
    // One task per instance (256 units each), each instance with its own host ports.
    expect(new Set(running.map((t) => t.containerInstanceArn)).size).toBe(5);
    const hostPorts = running.map((t) => t.containers[0]!.networkBindings![0]!.hostPort);
    expect(new Set(hostPorts).size).toBe(5);
    const grown = await describeGroup();
    expect(grown.DesiredCapacity).toBe(5);
    expect(grown.Instances.filter((i) => i.LifecycleState === 'InService')).toHaveLength(5);
    // Spread over the group's zones; every instance protected from scale-in, as ECS protects an instance before placing
    // on it (managed termination protection).
    expect(new Set(grown.Instances.map((i) => i.AvailabilityZone))).toEqual(new Set(['us-east-1a', 'us-east-1b']));
    expect(grown.Instances.every((i) => i.ProtectedFromScaleIn)).toBe(true);
    const reservation = await aws(
      'cloudwatch',
      'get-metric-statistics',
      '--namespace',
      'Berth/ECS',
      '--metric-name',
      'CapacityProviderReservation',
      '--dimensions',
      `Name=ClusterName,Value=${cluster}`,
      `Name=CapacityProviderName,Value=${provider}`,
      '--start-time',
      new Date(Date.now() - 180_000).toISOString(),
      '--end-time',
      new Date().toISOString(),
      '--period',
      '10',
      '--statistics',
      'Maximum',
    );
    // M = 5 needed over N = 1 running: 500 %.
    expect(Math.max(...reservation.Datapoints.map((d: { Maximum: number }) => d.Maximum))).toBeGreaterThanOrEqual(500);

    // Down to one task: the four idle instances go; the one still running the task stays.
    await aws('ecs', 'update-service', '--cluster', cluster, '--service', 'web', '--desired-count', '1');
    const [kept] = await waitUntil(
      'one task left',
      async () => {
        const tasks = (await serviceTasks()).filter((t) => t.lastStatus === 'RUNNING');
        return tasks.length === 1 && tasks;
      },
      60_000,
      1000,
    );
    const { containerInstances } = await aws(
      'ecs',
      'describe-container-instances',
      '--cluster',
      cluster,
      '--container-instances',
      kept!.containerInstanceArn!,
    );
    const busy = containerInstances[0].ec2InstanceId as string;
    const shrunk = await waitUntil(
      'the group back at its minimum',
      async () => {
        const g = await describeGroup();
        return g.DesiredCapacity === 1 && g.Instances.length === 1 && g;
      },
      360_000,
      3000,
    );
    expect(shrunk.Instances[0]!.InstanceId).toBe(busy);
    // Only the instances managed scaling took lost their protection, right before they went.
    expect(shrunk.Instances[0]!.ProtectedFromScaleIn).toBe(true);
    // The kept task read by its ARN: ListTasks lists only tasks still desired RUNNING, so a stopped one would just be
    // missing there, with no word of why (as once in CI).
    const [still] = (await aws('ecs', 'describe-tasks', '--cluster', cluster, '--tasks', kept!.taskArn)).tasks as TaskView[];
    if (still!.desiredStatus === 'STOPPED') {
      // Scale-in never stops it. Only its agent's silence may: on a starved machine a heartbeat gap can exceed the e2e
      // stack's BERTH_LOST_AGENT_SECONDS (6 s), and Berth then stops the task as lost and the service replaces it
      // (ECS-SEMANTICS: Berth reschedules a disconnected agent's tasks, after a timeout). Any other reason fails here.
      expect(still!.stoppedReason).toBe(LOST_REASON);
      await waitUntil(
        "the service's replacement task RUNNING on the kept instance",
        async () => {
          const tasks = await serviceTasks();
          return tasks.length === 1 && tasks[0]!.lastStatus === 'RUNNING' && tasks[0]!.containerInstanceArn === kept!.containerInstanceArn;
        },
        60_000,
        1000,
      );
    } else {
      expect(still).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING', containerInstanceArn: kept!.containerInstanceArn });
      expect((await serviceTasks()).map((t) => t.taskArn)).toEqual([kept!.taskArn]);
    }
    // Deregistered with their instances: only the busy one is left in the cluster.
    const { containerInstanceArns } = await aws('ecs', 'list-container-instances', '--cluster', cluster);
    expect(containerInstanceArns).toEqual([kept!.containerInstanceArn]);
  }, 600_000);
});

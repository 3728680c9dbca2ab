import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteAttributesCommand,
  DeregisterContainerInstanceCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListAttributesCommand,
  ListContainerInstancesCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTasksCommand,
  PutAttributesCommand,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StartTaskCommand,
  TagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsClient } from '../support/ecs-client.js';
import { startHeartbeat } from '../support/heartbeat-instances.js';

/**
 * The control plane's API surface without real agents: the instances only
 * heartbeat (an empty poll each second, so they stay connected) and their
 * tasks stay PENDING, which is all these checks need.
 */
const ecs = ecsClient();
const cluster = 'surface';
const instances: string[] = [];
let heartbeat: ReturnType<typeof startHeartbeat>;

afterAll(() => heartbeat?.stop());

beforeAll(async () => {
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  for (const [zone, type] of [
    ['us-east-1a', 't3.small'],
    ['us-east-1b', 'm5.large'],
    ['us-east-1c', 't3.small'],
  ]) {
    const out = await ecs.send(
      new RegisterContainerInstanceCommand({
        cluster,
        totalResources: [
          { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
          { name: 'MEMORY', type: 'INTEGER', integerValue: 1024 },
          { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22', '8081'] },
        ],
        attributes: [
          { name: 'ecs.availability-zone', value: zone },
          { name: 'ecs.instance-type', value: type },
        ],
        versionInfo: { agentVersion: '1.80.0' },
      }),
    );
    instances.push(out.containerInstance!.containerInstanceArn!);
  }
  heartbeat = startHeartbeat(cluster, () => instances);
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'surface',
      containerDefinitions: [{ name: 'a', image: 'x', cpu: 256, memory: 256, portMappings: [{ containerPort: 80, hostPort: 8080 }] }],
    }),
  );
});

describe('container instances', () => {
  it('describes registered and remaining resources, and MISSING failures', async () => {
    const out = await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [instances[0], 'nope'] }));
    expect(out.containerInstances![0].registeredResources!.find((r) => r.name === 'PORTS')!.stringSetValue).toEqual(
      expect.arrayContaining(['22', '2375', '8081']),
    );
    expect(out.failures).toEqual([{ arn: expect.stringContaining('container-instance/surface/nope'), reason: 'MISSING' }]);
  });

  it('filters with the cluster query language and rejects bad expressions', async () => {
    const t3 = await ecs.send(new ListContainerInstancesCommand({ cluster, filter: 'attribute:ecs.instance-type =~ t3.*' }));
    expect(t3.containerInstanceArns).toHaveLength(2);
    const paged = await ecs.send(new ListContainerInstancesCommand({ cluster, maxResults: 2 }));
    expect(paged.containerInstanceArns).toHaveLength(2);
    const rest = await ecs.send(new ListContainerInstancesCommand({ cluster, maxResults: 2, nextToken: paged.nextToken }));
    expect(rest.containerInstanceArns).toHaveLength(1);
    await expect(ecs.send(new ListContainerInstancesCommand({ cluster, filter: 'attribute:x ==' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('puts, lists and deletes custom attributes', async () => {
    await ecs.send(new PutAttributesCommand({ cluster, attributes: [{ name: 'stack', value: 'prod', targetId: instances[1] }] }));
    const listed = await ecs.send(new ListAttributesCommand({ cluster, targetType: 'container-instance', attributeName: 'stack' }));
    expect(listed.attributes).toEqual([{ name: 'stack', value: 'prod', targetType: 'container-instance', targetId: instances[1] }]);
    await ecs.send(new DeleteAttributesCommand({ cluster, attributes: [{ name: 'stack', targetId: instances[1] }] }));
    expect(
      (await ecs.send(new ListAttributesCommand({ cluster, targetType: 'container-instance', attributeName: 'stack' }))).attributes,
    ).toEqual([]);
    await expect(
      ecs.send(new PutAttributesCommand({ cluster, attributes: [{ name: 'x', value: 'y', targetId: 'ghost' }] })),
    ).rejects.toMatchObject({ name: 'TargetNotFoundException' });
  });
});

describe('tasks', () => {
  it('honours memberOf constraints and the static host port (one per instance)', async () => {
    const out = await ecs.send(
      new RunTaskCommand({
        cluster,
        taskDefinition: 'surface',
        count: 3,
        placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type == t3.small' }],
      }),
    );
    expect(out.tasks).toHaveLength(2);
    expect(out.failures).toHaveLength(1);
    expect(new Set(out.tasks!.map((t) => t.containerInstanceArn))).toEqual(new Set([instances[0], instances[2]]));
    const again = await ecs.send(
      new RunTaskCommand({
        cluster,
        taskDefinition: 'surface',
        placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type == t3.small' }],
      }),
    );
    expect(again.tasks).toEqual([]);
    // The m5 instance has the port free but fails memberOf: it is the closest match, in ECS's words.
    expect(again.failures![0]).toMatchObject({ arn: instances[1], reason: 'MemberOf placement constraint unsatisfied.' });
    const unconstrained = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'surface', count: 2 }));
    expect(unconstrained.tasks).toHaveLength(1);
    expect(unconstrained.failures![0].reason).toBe('RESOURCE:PORTS');
  });

  it('is idempotent on clientToken, and refuses the token with other parameters', async () => {
    const first = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'surface', clientToken: 'token-1', startedBy: 'idem' }));
    const second = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'surface', clientToken: 'token-1', startedBy: 'idem' }));
    expect(second.tasks!.map((t) => t.taskArn)).toEqual(first.tasks!.map((t) => t.taskArn));
    await expect(
      ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'surface', clientToken: 'token-1', startedBy: 'other' })),
    ).rejects.toMatchObject({ name: 'ConflictException' });
    expect((await ecs.send(new ListTasksCommand({ cluster, startedBy: 'idem' }))).taskArns).toHaveLength(first.tasks!.length);
  });

  it('starts a task on a named instance, or says why not', async () => {
    await ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'small', containerDefinitions: [{ name: 'a', image: 'x', cpu: 64, memory: 64 }] }),
    );
    const out = await ecs.send(
      new StartTaskCommand({
        cluster,
        taskDefinition: 'small',
        containerInstances: [instances[1], 'ghost'],
        tags: [{ key: 'k', value: 'v' }],
      }),
    );
    expect(out.tasks!.map((t) => t.containerInstanceArn)).toEqual([instances[1]]);
    expect(out.failures).toEqual([expect.objectContaining({ reason: 'MISSING' })]);
    const arn = out.tasks![0].taskArn!;
    expect((await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn], include: ['TAGS'] }))).tasks![0].tags).toEqual([
      { key: 'k', value: 'v' },
    ]);
    await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'k2', value: 'v2' }] }));
    expect((await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toHaveLength(2);
    expect((await ecs.send(new ListTasksCommand({ cluster, containerInstance: instances[1], family: 'small' }))).taskArns).toEqual([arn]);
  });

  it('rejects bad placement input without placing anything', async () => {
    const before = (await ecs.send(new ListTasksCommand({ cluster }))).taskArns!.length;
    await expect(
      ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'small', placementStrategy: [{ type: 'binpack', field: 'disk' }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'small', count: 11 }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'ghost-family' }))).rejects.toMatchObject({
      name: 'ClientException',
    });
    await expect(ecs.send(new RunTaskCommand({ cluster: 'no-such-cluster', taskDefinition: 'small' }))).rejects.toMatchObject({
      name: 'ClusterNotFoundException',
    });
    expect((await ecs.send(new ListTasksCommand({ cluster }))).taskArns).toHaveLength(before);
  });
});

describe('services', () => {
  it('is idempotent on clientToken, refuses a second service of one name, pages ListServices', async () => {
    const a = await ecs.send(
      new CreateServiceCommand({ cluster, serviceName: 'svc-a', taskDefinition: 'small', desiredCount: 1, clientToken: 'ct-1' }),
    );
    const again = await ecs.send(
      new CreateServiceCommand({ cluster, serviceName: 'svc-a', taskDefinition: 'small', desiredCount: 1, clientToken: 'ct-1' }),
    );
    expect(again.service!.serviceArn).toBe(a.service!.serviceArn);
    await expect(
      ecs.send(new CreateServiceCommand({ cluster, serviceName: 'svc-a', taskDefinition: 'small', desiredCount: 1 })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Creation of service was not idempotent.',
    });
    await ecs.send(new CreateServiceCommand({ cluster, serviceName: 'svc-b', taskDefinition: 'small', desiredCount: 0 }));
    const page = await ecs.send(new ListServicesCommand({ cluster, maxResults: 1 }));
    expect(page.serviceArns).toHaveLength(1);
    expect(page.nextToken).toBeDefined();
    const [svc] = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['svc-a'] }))).services!;
    expect(svc).toMatchObject({
      deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100 },
      schedulingStrategy: 'REPLICA',
      launchType: 'EC2',
    });
    await expect(ecs.send(new UpdateServiceCommand({ cluster, service: 'ghost', desiredCount: 1 }))).rejects.toMatchObject({
      name: 'ServiceNotFoundException',
    });
    await expect(
      ecs.send(new UpdateServiceCommand({ cluster, service: 'svc-a', deploymentConfiguration: { maximumPercent: 50 } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('refuses to deregister an instance with tasks unless forced', async () => {
    await expect(ecs.send(new DeregisterContainerInstanceCommand({ cluster, containerInstance: instances[1] }))).rejects.toMatchObject({
      name: 'ClientException',
    });
    const out = await ecs.send(new DeregisterContainerInstanceCommand({ cluster, containerInstance: instances[1], force: true }));
    expect(out.containerInstance!.status).toBe('INACTIVE');
    expect((await ecs.send(new ListContainerInstancesCommand({ cluster }))).containerInstanceArns).not.toContain(instances[1]);
  });
});

import {
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { awsCli } from '../support/aws-cli.js';
import { ecsClient } from '../support/ecs-client.js';

const ecs = ecsClient();
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const ARN = 'arn:aws:ecs:us-east-1:000000000000:task-definition';
const simple = (family: string, extra: Partial<RegisterTaskDefinitionCommandInput> = {}): RegisterTaskDefinitionCommandInput => ({
  family,
  containerDefinitions: [{ name: 'app', image: 'busybox', memory: 64, cpu: 128, command: ['sleep', '3600'] }],
  ...extra,
});

const aws = awsCli(inject('ecsEndpoint')).json;

describe('task definitions through the stock AWS SDK and CLI', () => {
  it.each(['nginx-task-definition.json', 'webserver-task-definition.json', 'sleep360-task-definition.json'])(
    'registers the documentation example %s verbatim with `aws ecs register-task-definition --cli-input-json`',
    async (file) => {
      const { taskDefinition: td } = await aws('ecs', 'register-task-definition', '--cli-input-json', `file://test/fixtures/${file}`);
      expect(td.status).toBe('ACTIVE');
      expect(td.taskDefinitionArn).toBe(`${ARN}/${td.family}:${td.revision}`);
      const described = await aws('ecs', 'describe-task-definition', '--task-definition', td.family);
      expect(described.taskDefinition.taskDefinitionArn).toBe(td.taskDefinitionArn);
      expect(described.taskDefinition.containerDefinitions[0].essential).toBe(true);
      const listed = await aws('ecs', 'list-task-definitions', '--family-prefix', td.family);
      expect(listed.taskDefinitionArns).toContain(td.taskDefinitionArn);
    },
  );

  it('keeps the full container definition model', async () => {
    const family = unique('full');
    const { taskDefinition } = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        networkMode: 'bridge',
        volumes: [{ name: 'data', host: { sourcePath: '/tmp' } }],
        placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }],
        containerDefinitions: [
          {
            name: 'web',
            image: 'nginx',
            cpu: 256,
            memory: 512,
            memoryReservation: 256,
            portMappings: [{ containerPort: 80, hostPort: 0 }],
            links: ['db:database'],
            dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }],
            entryPoint: ['sh', '-c'],
            command: ['nginx -g "daemon off;"'],
            environment: [{ name: 'MODE', value: 'prod' }],
            healthCheck: { command: ['CMD-SHELL', 'wget -q -O- localhost || exit 1'], interval: 10, retries: 3 },
            logConfiguration: { logDriver: 'json-file', options: { 'max-size': '10m' } },
            stopTimeout: 10,
            ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }],
            mountPoints: [{ sourceVolume: 'data', containerPath: '/data', readOnly: true }],
          },
          { name: 'db', image: 'postgres', memory: 256, essential: false, healthCheck: { command: ['CMD', 'pg_isready'] } },
        ],
      }),
    );
    const web = taskDefinition!.containerDefinitions![0];
    expect(web).toMatchObject({
      memoryReservation: 256,
      links: ['db:database'],
      dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }],
      portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }],
      ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }],
      stopTimeout: 10,
    });
    expect(taskDefinition!.containerDefinitions![1].essential).toBe(false);
    expect(taskDefinition!.placementConstraints).toEqual([{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }]);
    expect(taskDefinition!.registeredAt).toBeInstanceOf(Date);
  });

  it('gives 20 concurrent registrations of one family the revisions 1..20, each once', async () => {
    const family = unique('race');
    const results = await Promise.all(Array.from({ length: 20 }, () => ecs.send(new RegisterTaskDefinitionCommand(simple(family)))));
    const revisions = results.map((r) => r.taskDefinition!.revision!).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const listed = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }));
    expect(listed.taskDefinitionArns).toHaveLength(20);
  });

  it('describes by family, family:revision and ARN; deregistered revisions stay describable but are not "latest"', async () => {
    const family = unique('life');
    for (let i = 0; i < 3; i++)
      await ecs.send(new RegisterTaskDefinitionCommand(simple(family, { tags: [{ key: 'i', value: String(i) }] })));
    const latest = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family, include: ['TAGS'] }));
    expect(latest.taskDefinition?.revision).toBe(3);
    expect(latest.tags).toEqual([{ key: 'i', value: '2' }]);
    expect((await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: `${family}:2` }))).taskDefinition?.revision).toBe(2);
    expect((await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: `${ARN}/${family}:1` }))).taskDefinition?.revision).toBe(1);

    const dereg = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: `${family}:3` }));
    expect(dereg.taskDefinition?.status).toBe('INACTIVE');
    expect(dereg.taskDefinition?.deregisteredAt).toBeInstanceOf(Date);
    expect((await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: `${family}:3` }))).taskDefinition?.status).toBe('INACTIVE');
    expect((await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family }))).taskDefinition?.revision).toBe(2);

    const active = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }));
    expect(active.taskDefinitionArns).toEqual([`${ARN}/${family}:1`, `${ARN}/${family}:2`]);
    const desc = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, sort: 'DESC' }));
    expect(desc.taskDefinitionArns).toEqual([`${ARN}/${family}:2`, `${ARN}/${family}:1`]);
    const inactive = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'INACTIVE' }));
    expect(inactive.taskDefinitionArns).toEqual([`${ARN}/${family}:3`]);

    const page1 = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, maxResults: 1 }));
    expect(page1.taskDefinitionArns).toEqual([`${ARN}/${family}:1`]);
    const page2 = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, maxResults: 1, nextToken: page1.nextToken }));
    expect(page2.taskDefinitionArns).toEqual([`${ARN}/${family}:2`]);

    // Delete: only INACTIVE revisions; ACTIVE and unknown ones come back as failures.
    const deleted = await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: [`${family}:3`, `${family}:1`, `${family}:99`] }));
    expect(deleted.taskDefinitions?.map((t) => [t.revision, t.status])).toEqual([[3, 'DELETE_IN_PROGRESS']]);
    expect(deleted.failures?.map((f) => f.arn)).toEqual([`${ARN}/${family}:1`, `${ARN}/${family}:99`]);
    const inactiveAfter = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'INACTIVE' }));
    expect(inactiveAfter.taskDefinitionArns).toEqual([]);
  });

  it('lists families by prefix and status', async () => {
    const prefix = unique('fam');
    await ecs.send(new RegisterTaskDefinitionCommand(simple(`${prefix}-a`)));
    await ecs.send(new RegisterTaskDefinitionCommand(simple(`${prefix}-b`)));
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: `${prefix}-b:1` }));
    expect((await ecs.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: prefix }))).families).toEqual([`${prefix}-a`]);
    expect((await ecs.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: prefix, status: 'INACTIVE' }))).families).toEqual([
      `${prefix}-b`,
    ]);
    expect((await ecs.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: prefix, status: 'ALL' }))).families).toEqual([
      `${prefix}-a`,
      `${prefix}-b`,
    ]);
  });

  it('tags a task definition revision by ARN', async () => {
    const family = unique('tag');
    const { taskDefinition } = await ecs.send(new RegisterTaskDefinitionCommand(simple(family)));
    await ecs.send(new TagResourceCommand({ resourceArn: taskDefinition!.taskDefinitionArn, tags: [{ key: 'owner', value: 'me' }] }));
    expect((await ecs.send(new ListTagsForResourceCommand({ resourceArn: taskDefinition!.taskDefinitionArn }))).tags).toEqual([
      { key: 'owner', value: 'me' },
    ]);
    await expect(ecs.send(new ListTagsForResourceCommand({ resourceArn: `${ARN}/${family}:42` }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it.each([
    [
      'no essential container',
      { containerDefinitions: [{ name: 'a', image: 'x', memory: 64, essential: false }] },
      'ClientException',
      /essential/,
    ],
    [
      'memory not above memoryReservation',
      { containerDefinitions: [{ name: 'a', image: 'x', memory: 64, memoryReservation: 64 }] },
      'ClientException',
      /memoryReservation/,
    ],
    ['no memory at all', { containerDefinitions: [{ name: 'a', image: 'x' }] }, 'ClientException', /memory/],
    [
      'duplicate container names',
      {
        containerDefinitions: [
          { name: 'a', image: 'x', memory: 64 },
          { name: 'a', image: 'y', memory: 64 },
        ],
      },
      'ClientException',
      /unique/,
    ],
    [
      'a link to an unknown container',
      { containerDefinitions: [{ name: 'a', image: 'x', memory: 64, links: ['ghost'] }] },
      'ClientException',
      /ghost/,
    ],
    [
      'a bad network mode',
      { networkMode: 'mesh' as never, containerDefinitions: [{ name: 'a', image: 'x', memory: 64 }] },
      'InvalidParameterException',
      /networkMode/,
    ],
    ['an empty container list', { containerDefinitions: [] }, 'ClientException', /empty/],
  ])('rejects %s without registering anything', async (_what, input, code, message) => {
    const family = unique('bad');
    await expect(
      ecs.send(new RegisterTaskDefinitionCommand({ family, ...input } as RegisterTaskDefinitionCommandInput)),
    ).rejects.toMatchObject({
      name: code,
      message: expect.stringMatching(message),
    });
    expect((await ecs.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: family, status: 'ALL' }))).families).toEqual([]);
  });

  it('answers ClientException for an unknown task definition', async () => {
    await expect(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: unique('nope') }))).rejects.toMatchObject({
      name: 'ClientException',
      message: 'Unable to describe task definition.',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { buildTaskDefinition, taskResources } from '../../../src/domain/task-definition.js';
import { checkTaskDefinition, parseTaskCpu, parseTaskMemory } from '../../../src/domain/task-definition-rules.js';
import { EcsError } from '../../../src/domain/errors.js';
import { mergeTags, removeTags } from '../../../src/domain/tags.js';

const container = (extra = {}) => ({ name: 'a', image: 'busybox', memory: 64, ...extra });

describe('task definition rules', () => {
  it.each([
    ['ok', { family: 'f', containerDefinitions: [container()] }, undefined],
    ['task-level memory covers containers', { family: 'f', memory: '512', containerDefinitions: [{ name: 'a', image: 'x' }] }, undefined],
    ['bad family', { family: 'a b', containerDefinitions: [container()] }, /Family/],
    ['no image', { family: 'f', containerDefinitions: [{ name: 'a', memory: 64 }] }, /image/],
    ['below 6 MiB', { family: 'f', containerDefinitions: [container({ memory: 4 })] }, /at least 6 MiB/],
    [
      'same static host port twice',
      {
        family: 'f',
        containerDefinitions: [
          container({ portMappings: [{ containerPort: 80, hostPort: 8080 }] }),
          container({ name: 'b', portMappings: [{ containerPort: 81, hostPort: 8080 }] }),
        ],
      },
      /8080\/tcp/,
    ],
    [
      'same host port on tcp and udp is fine',
      {
        family: 'f',
        containerDefinitions: [
          container({
            portMappings: [
              { containerPort: 53, hostPort: 53 },
              { containerPort: 53, hostPort: 53, protocol: 'udp' },
            ],
          }),
        ],
      },
      undefined,
    ],
    [
      'awsvpc host port must equal container port',
      { family: 'f', networkMode: 'awsvpc', containerDefinitions: [container({ portMappings: [{ containerPort: 80, hostPort: 81 }] })] },
      /must be the same/,
    ],
    [
      'links need bridge mode',
      { family: 'f', networkMode: 'host', containerDefinitions: [container({ links: ['b'] }), container({ name: 'b' })] },
      /bridge/,
    ],
    [
      'HEALTHY dependency needs a health check',
      {
        family: 'f',
        containerDefinitions: [container({ dependsOn: [{ containerName: 'b', condition: 'HEALTHY' }] }), container({ name: 'b' })],
      },
      /healthCheck/,
    ],
    [
      'distinctInstance in a task definition',
      { family: 'f', placementConstraints: [{ type: 'distinctInstance' }], containerDefinitions: [container()] },
      /memberOf/,
    ],
    [
      'mount of an undeclared volume',
      { family: 'f', containerDefinitions: [container({ mountPoints: [{ sourceVolume: 'v', containerPath: '/v' }] })] },
      /unknown volume/,
    ],
    ['port out of range', { family: 'f', containerDefinitions: [container({ portMappings: [{ containerPort: 70000 }] })] }, /out of range/],
    [
      'fargate needs awsvpc',
      { family: 'f', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', containerDefinitions: [container()] },
      /awsvpc/,
    ],
  ] as const)('%s', (_name, input, error) => {
    const run = () => checkTaskDefinition(input as never);
    if (error) expect(run).toThrow(error);
    else expect(run).not.toThrow();
    if (error) {
      try {
        run();
      } catch (err) {
        expect((err as EcsError).code).toBe('ClientException');
      }
    }
  });

  it.each([
    ['256', 256],
    ['1 vCPU', 1024],
    ['0.5 vcpu', 512],
  ])('task cpu %s = %d units', (value, units) => expect(parseTaskCpu(value)).toBe(units));

  it.each([
    ['512', 512],
    ['1 GB', 1024],
    ['2gb', 2048],
  ])('task memory %s = %d MiB', (value, mib) => expect(parseTaskMemory(value)).toBe(mib));

  it('fills ECS defaults and keeps given members', () => {
    const td = buildTaskDefinition(
      { family: 'f', containerDefinitions: [container({ portMappings: [{ containerPort: 80 }] })] },
      3,
      'arn:aws:ecs:us-east-1:000000000000:task-definition/f:3',
      1_700_000_000_000,
      'me',
    );
    expect(td).toMatchObject({
      revision: 3,
      status: 'ACTIVE',
      compatibilities: ['EXTERNAL', 'EC2'],
      volumes: [],
      placementConstraints: [],
      registeredAt: 1_700_000_000,
    });
    expect(td.containerDefinitions[0]).toEqual({
      ...container(),
      cpu: 0,
      essential: true,
      portMappings: [{ containerPort: 80, protocol: 'tcp' }],
      environment: [],
      mountPoints: [],
      volumesFrom: [],
    });
  });

  it('counts memoryReservation instead of memory, and task-level values first', () => {
    expect(
      taskResources({
        containerDefinitions: [
          { cpu: 100, memory: 512, memoryReservation: 128 },
          { cpu: 50, memory: 64 },
        ],
      }),
    ).toEqual({ cpu: 150, memory: 192 });
    expect(taskResources({ cpu: '1 vcpu', memory: '1 GB', containerDefinitions: [{ cpu: 10, memory: 64 }] })).toEqual({
      cpu: 1024,
      memory: 1024,
    });
  });
});

describe('tags', () => {
  it('merges with new values winning and removes by key', () => {
    expect(
      mergeTags(
        [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
        ],
        [
          { key: 'b', value: '3' },
          { key: 'c', value: '4' },
        ],
      ),
    ).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '3' },
      { key: 'c', value: '4' },
    ]);
    expect(
      removeTags(
        [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
        ],
        ['a'],
      ),
    ).toEqual([{ key: 'b', value: '2' }]);
  });

  it('refuses the aws: prefix and more than 50 tags', () => {
    expect(() => mergeTags([], [{ key: 'aws:x', value: '' }])).toThrow(/reserved/);
    expect(() =>
      mergeTags(
        Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: '' })),
        [{ key: 'one-more', value: '' }],
      ),
    ).toThrow(/50/);
  });
});

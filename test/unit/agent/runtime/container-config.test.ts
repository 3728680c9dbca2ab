import { describe, expect, test } from 'vitest';
import { toCreateOptions } from '../../../../src/agent/runtime/docker/container-config.js';
import { LABEL } from '../../../../src/agent/runtime/docker/labels.js';
import { resolveVolumes } from '../../../../src/agent/runtime/docker/volumes.js';
import type { ContainerSpec, TaskSpec } from '../../../../src/protocol/index.js';

const MIB = 1024 * 1024;

function task(containers: ContainerSpec[], extra: Partial<TaskSpec> = {}): TaskSpec {
  return { taskArn: 'arn:aws:ecs:r:1:task/c/t1', taskId: 't1', clusterName: 'c', family: 'f', revision: 3, containers, ...extra };
}

const base: ContainerSpec = { name: 'app', image: 'img:1' };

/** [what, container, extra task fields, expected subset of the create options] */
const cases: [string, ContainerSpec, Partial<TaskSpec>, Record<string, unknown>][] = [
  ['name and image', base, {}, { name: 'berth-t1-app', Image: 'img:1' }],
  ['cpu below the minimum becomes 2 shares', { ...base, cpu: 0 }, {}, { HostConfig: expect.objectContaining({ CpuShares: 2 }) }],
  ['cpu units are CPU shares', { ...base, cpu: 512 }, {}, { HostConfig: expect.objectContaining({ CpuShares: 512 }) }],
  [
    'memory and memoryReservation in MiB',
    { ...base, memory: 256, memoryReservation: 128 },
    {},
    { HostConfig: expect.objectContaining({ Memory: 256 * MIB, MemoryReservation: 128 * MIB }) },
  ],
  [
    'maxSwap adds to memory; swappiness passes through',
    { ...base, memory: 100, linuxParameters: { maxSwap: 50, swappiness: 10 } },
    {},
    { HostConfig: expect.objectContaining({ MemorySwap: 150 * MIB, MemorySwappiness: 10 }) },
  ],
  [
    'environment, entryPoint, command, workingDirectory, user, hostname',
    {
      ...base,
      environment: [{ name: 'A', value: '1' }, { name: 'B' }],
      entryPoint: ['sh', '-c'],
      command: ['echo hi'],
      workingDirectory: '/srv',
      user: '1000:1000',
      hostname: 'box',
    },
    {},
    { Env: ['A=1', 'B='], Entrypoint: ['sh', '-c'], Cmd: ['echo hi'], WorkingDir: '/srv', User: '1000:1000', Hostname: 'box' },
  ],
  [
    'port mappings publish the resolved host port',
    {
      ...base,
      portMappings: [
        { containerPort: 80, hostPort: 49200, protocol: 'tcp' },
        { containerPort: 53, hostPort: 49201, protocol: 'udp' },
      ],
    },
    {},
    {
      ExposedPorts: { '80/tcp': {}, '53/udp': {} },
      HostConfig: expect.objectContaining({
        NetworkMode: 'bridge',
        PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '49200' }], '53/udp': [{ HostIp: '', HostPort: '49201' }] },
      }),
    },
  ],
  [
    'links become legacy links to the per-task container names',
    { ...base, links: ['db', 'cache:redis'] },
    {},
    { HostConfig: expect.objectContaining({ Links: ['berth-t1-db:db', 'berth-t1-cache:redis'] }) },
  ],
  [
    'ulimits',
    { ...base, ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }] },
    {},
    { HostConfig: expect.objectContaining({ Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 4096 }] }) },
  ],
  ['json-file logging by default', base, {}, { HostConfig: expect.objectContaining({ LogConfig: { Type: 'json-file', Config: {} } }) }],
  [
    'awslogs options pass through',
    { ...base, logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g', 'awslogs-region': 'us-east-1' } } },
    {},
    {
      HostConfig: expect.objectContaining({
        LogConfig: { Type: 'awslogs', Config: { 'awslogs-group': 'g', 'awslogs-region': 'us-east-1' } },
      }),
    },
  ],
  [
    'health check in nanoseconds',
    { ...base, healthCheck: { command: ['CMD-SHELL', 'curl -f localhost'], interval: 10, timeout: 2, retries: 4, startPeriod: 5 } },
    {},
    { Healthcheck: { Test: ['CMD-SHELL', 'curl -f localhost'], Interval: 10e9, Timeout: 2e9, Retries: 4, StartPeriod: 5e9 } },
  ],
  [
    'health check defaults',
    { ...base, healthCheck: { command: ['CMD', '/bin/true'] } },
    {},
    { Healthcheck: { Test: ['CMD', '/bin/true'], Interval: 30e9, Timeout: 5e9, Retries: 3, StartPeriod: 0 } },
  ],
  ['stop timeout default 30 s', base, {}, { StopTimeout: 30 }],
  ['stop timeout from the definition', { ...base, stopTimeout: 2 }, {}, { StopTimeout: 2 }],
  [
    'readonly root, privileged, init, capabilities, shm, tmpfs',
    {
      ...base,
      readonlyRootFilesystem: true,
      privileged: false,
      linuxParameters: {
        initProcessEnabled: true,
        capabilities: { add: ['NET_ADMIN'], drop: ['MKNOD'] },
        sharedMemorySize: 64,
        tmpfs: [{ containerPath: '/run', size: 16, mountOptions: ['noexec'] }],
      },
    },
    {},
    {
      HostConfig: expect.objectContaining({
        ReadonlyRootfs: true,
        Privileged: false,
        Init: true,
        CapAdd: ['NET_ADMIN'],
        CapDrop: ['MKNOD'],
        ShmSize: 64 * MIB,
        Tmpfs: { '/run': 'size=16m,noexec' },
      }),
    },
  ],
  [
    'dns, extra hosts, sysctls, security options',
    {
      ...base,
      dnsServers: ['10.0.0.2'],
      dnsSearchDomains: ['svc.local'],
      extraHosts: [{ hostname: 'db', ipAddress: '10.0.0.5' }],
      systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }],
      dockerSecurityOptions: ['no-new-privileges'],
    },
    {},
    {
      HostConfig: expect.objectContaining({
        Dns: ['10.0.0.2'],
        DnsSearch: ['svc.local'],
        ExtraHosts: ['db:10.0.0.5'],
        Sysctls: { 'net.core.somaxconn': '1024' },
        SecurityOpt: ['no-new-privileges'],
      }),
    },
  ],
  [
    'volumesFrom refers to the per-task container name',
    { ...base, volumesFrom: [{ sourceContainer: 'data', readOnly: true }] },
    {},
    { HostConfig: expect.objectContaining({ VolumesFrom: ['berth-t1-data:ro'] }) },
  ],
  [
    'mount points: host path, task-scoped and shared docker volumes',
    {
      ...base,
      mountPoints: [
        { sourceVolume: 'html', containerPath: '/www', readOnly: true },
        { sourceVolume: 'scratch', containerPath: '/tmp/s' },
        { sourceVolume: 'cache', containerPath: '/cache' },
      ],
    },
    {
      volumes: [
        { name: 'html', host: { sourcePath: '/srv/html' } },
        { name: 'scratch' },
        { name: 'cache', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true } },
      ],
    },
    { HostConfig: expect.objectContaining({ Binds: ['/srv/html:/www:ro', 'berth-t1-scratch:/tmp/s', 'cache:/cache'] }) },
  ],
];

describe('toCreateOptions', () => {
  test.each(cases)('%s', (_what, c, extra, expected) => {
    const t = task([c], extra);
    expect(toCreateOptions(t, c, resolveVolumes(t))).toMatchObject(expected);
  });

  test('Berth labels are added and cannot be overridden by dockerLabels', () => {
    const c: ContainerSpec = {
      ...base,
      essential: false,
      dockerLabels: { team: 'web', [LABEL.taskArn]: 'spoofed' },
      dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }],
    };
    const labels = toCreateOptions(task([c]), c).Labels ?? {};
    expect(labels).toMatchObject({
      team: 'web',
      [LABEL.managed]: 'true',
      [LABEL.taskArn]: 'arn:aws:ecs:r:1:task/c/t1',
      [LABEL.cluster]: 'c',
      [LABEL.containerName]: 'app',
      [LABEL.revision]: '3',
    });
    expect(JSON.parse(labels[LABEL.containerSpec] as string)).toMatchObject({
      essential: false,
      dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }],
    });
  });

  test('the owner label names the agent that created the container, and a task cannot claim another owner', () => {
    const c: ContainerSpec = { ...base, dockerLabels: { [LABEL.owner]: '/other/agent' } };
    expect(toCreateOptions(task([c]), c, new Map(), '/var/lib/berth/agent-0').Labels).toMatchObject({
      [LABEL.owner]: '/var/lib/berth/agent-0',
    });
    expect(toCreateOptions(task([c]), c).Labels).not.toHaveProperty([LABEL.owner]);
  });

  test('host network mode has no port bindings, links or hostname', () => {
    const c: ContainerSpec = {
      ...base,
      hostname: 'x',
      links: ['db'],
      portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
    };
    const opts = toCreateOptions(task([c], { networkMode: 'host' }), c);
    expect(opts.HostConfig?.NetworkMode).toBe('host');
    expect(opts.HostConfig?.PortBindings).toBeUndefined();
    expect(opts.HostConfig?.Links).toBeUndefined();
    expect(opts.Hostname).toBeUndefined();
    expect(opts.ExposedPorts).toBeUndefined();
  });

  test('a mount point on an unknown volume is a create error', () => {
    const c: ContainerSpec = { ...base, mountPoints: [{ sourceVolume: 'nope', containerPath: '/x' }] };
    expect(() => toCreateOptions(task([c]), c)).toThrow(/unknown volume nope/);
  });

  test('no undefined members are sent to the Engine', () => {
    const opts = toCreateOptions(task([base]), base);
    expect(Object.values(opts).includes(undefined)).toBe(false);
    expect(Object.values(opts.HostConfig ?? {}).includes(undefined)).toBe(false);
  });
});

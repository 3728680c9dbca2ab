import { describe, expect, test } from 'vitest';
import { commandLine, processEnvironment, resolveExecutable } from '../../../../src/agent/runtime/process/command.js';
import { tailLines } from '../../../../src/agent/runtime/process/log-files.js';
import { parseProcStat, parseRssBytes } from '../../../../src/agent/runtime/process/proc-stats.js';
import type { TaskSpec } from '../../../../src/protocol/index.js';

const task: TaskSpec = {
  taskArn: 'arn:t',
  taskId: 't',
  clusterName: 'c',
  family: 'f',
  revision: 1,
  containers: [
    {
      name: 'web',
      command: ['serve'],
      environment: [{ name: 'MODE', value: 'prod' }],
      portMappings: [
        { containerPort: 80, hostPort: 49200, protocol: 'tcp' },
        { containerPort: 53, hostPort: 49201, protocol: 'udp' },
      ],
    },
    { name: 'client', entryPoint: ['sh', '-c'], command: ['curl $BACKEND_PORT_80_TCP_ADDR'], links: ['web:backend'] },
  ],
};
const [web, client] = task.containers as [TaskSpec['containers'][number], TaskSpec['containers'][number]];

describe('process command and environment', () => {
  test('argv is entryPoint followed by command', () => {
    expect(commandLine(client)).toEqual(['sh', '-c', 'curl $BACKEND_PORT_80_TCP_ADDR']);
  });

  test('environment: allow-listed agent vars, container env, ports', () => {
    const env = processEnvironment(task, web, { PATH: '/bin', HOME: '/root', AWS_SECRET_ACCESS_KEY: 'no' });
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/root',
      MODE: 'prod',
      BERTH_TASK_ARN: 'arn:t',
      BERTH_CONTAINER_NAME: 'web',
      PORT: '49200',
      BERTH_HOST_PORT_80: '49200',
      BERTH_HOST_PORT_53_UDP: '49201',
    });
  });

  test('an explicit PORT in the definition wins', () => {
    const c = { ...web, environment: [{ name: 'PORT', value: '8080' }] };
    expect(processEnvironment(task, c, {}).PORT).toBe('8080');
  });

  test('links give Docker-style link variables pointing at the host port', () => {
    const env = processEnvironment(task, client, {});
    expect(env).toMatchObject({
      BACKEND_PORT_80_TCP_ADDR: '127.0.0.1',
      BACKEND_PORT_80_TCP_PORT: '49200',
      BACKEND_PORT_53_UDP_PORT: '49201',
    });
  });

  test('executables resolve on PATH or as paths', () => {
    expect(resolveExecutable('sh', '/nonexistent:/bin', '/')).toBe('/bin/sh');
    expect(resolveExecutable('/bin/sh', '', '/')).toBe('/bin/sh');
    expect(resolveExecutable('bin/sh', '', '/')).toBe('/bin/sh');
    expect(resolveExecutable('no-such-binary-xyz', '/bin', '/')).toBeUndefined();
  });
});

describe('/proc parsing', () => {
  test('stat with spaces and parentheses in the command name', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[0] = 'S';
    const st = parseProcStat(`1234 (my (odd) cmd) ${fields.join(' ')}`);
    expect(st).toEqual({ pid: 1234, state: 'S', ppid: 4, pgrp: 5, cpuTicks: 14 + 15, startTime: 22 });
  });

  test('VmRSS in bytes', () => {
    expect(parseRssBytes('Name:\tx\nVmRSS:\t    2048 kB\n')).toBe(2048 * 1024);
    expect(parseRssBytes('Name:\tkthread\n')).toBe(0);
  });

  test('tailLines keeps the last lines', () => {
    expect(tailLines('a\nb\nc\n', 2)).toBe('b\nc\n');
    expect(tailLines('a\nb', 1)).toBe('b');
    expect(tailLines('a\n', 0)).toBe('');
  });
});

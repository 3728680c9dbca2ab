import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../../../src/agent/cli-flags.js';
import { parseAgentOptions } from '../../../src/agent/cli-options.js';

const parse = (...argv: string[]) => parseAgentOptions(argv, '/home/u');

describe('parseAgentOptions', () => {
  it('has defaults for a host joining the default cluster of a local stack', () => {
    expect(parse()).toEqual({
      endpoint: 'http://127.0.0.1:3000',
      cluster: 'default',
      driver: 'auto',
      stateDir: '/home/u/.berth/agent/default',
      zone: 'local',
      instanceType: 'local',
      attributes: {},
      dynamicPorts: undefined,
      cpu: undefined,
      memory: undefined,
      memoryReserveMib: 256,
      transport: 'websocket',
      pollIntervalMs: 1000,
      usageIntervalMs: 20_000,
      logLevel: 'info',
    });
  });

  it('reads every flag', () => {
    const opts = parse(
      '--endpoint',
      'http://10.0.0.1:3000',
      '--cluster',
      'prod',
      '--driver',
      'process',
      '--zone',
      'eu-west-1b',
      '--instance-type',
      'm5.large',
      '--attribute',
      'team=blue',
      '--attribute',
      'gpu=',
      '--dynamic-ports',
      '50153-51152',
      '--cpu',
      '4096',
      '--memory',
      '8000',
      '--memory-reserve-mib',
      '0',
      '--transport',
      'poll',
      '--poll-interval-ms',
      '500',
      '--usage-interval-ms',
      '5000',
      '--log-level',
      'debug',
    );
    expect(opts).toEqual({
      endpoint: 'http://10.0.0.1:3000',
      cluster: 'prod',
      driver: 'process',
      stateDir: '/home/u/.berth/agent/prod',
      zone: 'eu-west-1b',
      instanceType: 'm5.large',
      attributes: { team: 'blue', gpu: '' },
      dynamicPorts: '50153-51152',
      cpu: 4096,
      memory: 8000,
      memoryReserveMib: 0,
      transport: 'poll',
      pollIntervalMs: 500,
      usageIntervalMs: 5000,
      logLevel: 'debug',
    });
    expect(parse('--state-dir', '/var/lib/berth')).toMatchObject({ stateDir: '/var/lib/berth' });
    expect(parseAgentOptions([], '/home/u', { BERTH_AGENT_TRANSPORT: 'poll' })).toMatchObject({ transport: 'poll' });
  });

  it('explains bad input', () => {
    expect(() => parse('--driver', 'podman')).toThrow(new CliUsageError('--driver must be one of auto, docker, process, not "podman"'));
    expect(() => parse('--cpu', '0')).toThrow('--cpu must be at least 1');
    expect(() => parse('--memory', 'lots')).toThrow('--memory must be a whole number, not "lots"');
    expect(() => parse('--log-level', 'loud')).toThrow(CliUsageError);
    expect(() => parse('--transport', 'carrier-pigeon')).toThrow('--transport must be one of websocket, poll, not "carrier-pigeon"');
    expect(() => parse('--attribute', 'novalue')).toThrow(CliUsageError);
    expect(() => parse('--attribute', 'ecs.availability-zone=x')).toThrow(/agent's own/);
    expect(() => parse('--attribute', 'berth.driver=x')).toThrow(/agent's own/);
    expect(() => parse('--cluster', '')).toThrow('--cluster must not be empty');
    expect(() => parse('--bogus')).toThrow(CliUsageError);
    expect(() => parse('extra')).toThrow(CliUsageError);
  });

  it('accepts only a dynamic port slice within 49153-65535', () => {
    expect(parse('--dynamic-ports', '65000-65535')).toMatchObject({ dynamicPorts: '65000-65535' });
    for (const bad of ['1000-2000', '50000-70000', '51000-50000', '50000', 'a-b']) {
      expect(() => parse('--dynamic-ports', bad)).toThrow(/--dynamic-ports must be MIN-MAX within 49153-65535/);
    }
  });

  it('answers --help', () => {
    expect(parse('--help')).toBe('help');
    expect(parse('-h')).toBe('help');
  });
});

describe('--ec2-instance-id', () => {
  it('takes an EC2 instance id or imds', () => {
    expect(parse('--ec2-instance-id', 'i-0123456789abcdef0')).toMatchObject({ ec2InstanceId: 'i-0123456789abcdef0' });
    expect(parse('--ec2-instance-id', 'imds')).toMatchObject({ ec2InstanceId: 'imds' });
    expect(parse()).not.toHaveProperty('ec2InstanceId');
    expect(() => parse('--ec2-instance-id', 'host-1')).toThrow(CliUsageError);
  });
});

describe('--logging-drivers', () => {
  it('takes ECS logging drivers, comma-separated, once each', () => {
    expect(parse('--logging-drivers', 'json-file, syslog,json-file')).toMatchObject({ loggingDrivers: ['json-file', 'syslog'] });
    expect(parse()).not.toHaveProperty('loggingDrivers');
  });

  it('refuses a driver ECS does not name', () => {
    expect(() => parse('--logging-drivers', 'json-file,local')).toThrow(/--logging-drivers must be one of json-file, .* not "local"/);
  });
});

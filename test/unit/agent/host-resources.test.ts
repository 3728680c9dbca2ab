import { describe, expect, it } from 'vitest';
import { cpuArchitecture, hostAttributes, hostResources, type HostFacts } from '../../../src/agent/host-resources.js';

const GIB = 1024 ** 3;
const facts: HostFacts = { cores: 2, totalMemoryBytes: 4 * GIB, arch: 'x64' };

describe('hostResources', () => {
  it('offers 1024 CPU units per core and the memory left after the reserve', () => {
    expect(hostResources(facts)).toEqual({ cpu: 2048, memory: 4096 - 256 });
    expect(hostResources(facts, { memoryReserveMib: 1024 })).toEqual({ cpu: 2048, memory: 3072 });
  });

  it('rounds memory down to whole MiB', () => {
    expect(hostResources({ ...facts, totalMemoryBytes: 4 * GIB + 1024 * 1024 - 1 }).memory).toBe(3840);
  });

  it('lets --cpu and --memory override what was detected', () => {
    expect(hostResources(facts, { cpu: 512, memory: 1000, memoryReserveMib: 10_000 })).toEqual({ cpu: 512, memory: 1000 });
  });

  it('refuses a reserve that leaves no memory for tasks', () => {
    expect(() => hostResources({ ...facts, totalMemoryBytes: 256 * 1024 * 1024 })).toThrow(/leaves nothing for tasks/);
  });
});

describe('hostAttributes', () => {
  const base = { zone: 'us-east-1a', instanceType: 'local', driver: 'docker', agentVersion: '1.2.3' };

  it('describes the host for placement constraints', () => {
    expect(hostAttributes(facts, base)).toEqual({
      'ecs.availability-zone': 'us-east-1a',
      'ecs.instance-type': 'local',
      'ecs.os-type': 'linux',
      'ecs.cpu-architecture': 'x86_64',
      'berth.agent-version': '1.2.3',
      'berth.driver': 'docker',
    });
  });

  it("adds the dynamic port slice and custom attributes, which cannot override the agent's own", () => {
    const attrs = hostAttributes(
      { ...facts, arch: 'arm64' },
      { ...base, dynamicPorts: '49153-50152', custom: { team: 'blue', 'berth.driver': 'fake' } },
    );
    expect(attrs).toMatchObject({
      team: 'blue',
      'berth.driver': 'docker',
      'berth.dynamic-ports': '49153-50152',
      'ecs.cpu-architecture': 'arm64',
    });
  });

  it('names architectures as ECS does', () => {
    expect(cpuArchitecture('x64')).toBe('x86_64');
    expect(cpuArchitecture('arm64')).toBe('arm64');
    expect(cpuArchitecture('riscv64')).toBe('riscv64');
  });
});

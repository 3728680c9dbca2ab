import { describe, expect, it } from 'vitest';
import { checkRunnable, requiredAttributes } from '../../../src/domain/task-definition-runtime.js';

const arn = 'arn:aws:ecs:us-east-1:000000000000:task-definition/web:1';

describe('what a task definition asks of the host that runs it', () => {
  it('refuses to run awsvpc, Fargate-only and non-Linux task definitions, each saying why', () => {
    expect(() => checkRunnable({ taskDefinitionArn: arn, networkMode: 'awsvpc' })).toThrow(/networkMode awsvpc/);
    expect(() => checkRunnable({ taskDefinitionArn: arn, requiresCompatibilities: ['FARGATE'] })).toThrow(/requires FARGATE/);
    expect(() => checkRunnable({ taskDefinitionArn: arn, runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' } })).toThrow(
      /Linux containers only/,
    );
    expect(() =>
      checkRunnable({
        taskDefinitionArn: arn,
        networkMode: 'bridge',
        requiresCompatibilities: ['EC2', 'FARGATE'],
        runtimePlatform: { operatingSystemFamily: 'LINUX' },
      }),
    ).not.toThrow();
  });

  it('places a task with a cpuArchitecture only on instances of that ecs.cpu-architecture', () => {
    expect(requiredAttributes({ containerDefinitions: [], runtimePlatform: { cpuArchitecture: 'ARM64' } })).toEqual([
      { name: 'ecs.cpu-architecture', value: 'arm64' },
    ]);
    expect(requiredAttributes({ containerDefinitions: [], runtimePlatform: { cpuArchitecture: 'X86_64' } })).toEqual([
      { name: 'ecs.cpu-architecture', value: 'x86_64' },
    ]);
    expect(requiredAttributes({ containerDefinitions: [] })).toEqual([]);
  });

  it("requires the definition's requiresAttributes too, computed from its containers when an older record has none stored", () => {
    const containers = [{ name: 'app', image: 'x', logConfiguration: { logDriver: 'syslog' as const } }];
    expect(requiredAttributes({ containerDefinitions: containers, runtimePlatform: { cpuArchitecture: 'ARM64' } })).toEqual([
      { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' },
      { name: 'com.amazonaws.ecs.capability.logging-driver.syslog' },
      { name: 'ecs.cpu-architecture', value: 'arm64' },
    ]);
    expect(requiredAttributes({ containerDefinitions: containers, requiresAttributes: [{ name: 'stored' }] })).toEqual([
      { name: 'stored' },
    ]);
  });
});

import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { requiresAttributesOf } from '../../../src/domain/task-definition-requirements.js';

const names = (containers: ContainerDefinition[]) => requiresAttributesOf(containers).map((a) => a.name);
const container = (extra: Partial<ContainerDefinition>): ContainerDefinition => ({ name: 'app', image: 'x', ...extra });
const api = (v: string) => `com.amazonaws.ecs.capability.docker-remote-api.${v}`;

describe('requiresAttributes, as ECS computes them from the container definitions', () => {
  it.each<[string, Partial<ContainerDefinition>, string[]]>([
    ['nothing special', {}, []],
    ['a log driver', { logConfiguration: { logDriver: 'syslog' } }, [api('1.18'), 'com.amazonaws.ecs.capability.logging-driver.syslog']],
    [
      'a log driver with options',
      { logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } } },
      [api('1.18'), api('1.19'), 'com.amazonaws.ecs.capability.logging-driver.awslogs'],
    ],
    ['docker labels', { dockerLabels: { team: 'a' } }, [api('1.18')]],
    ['ulimits', { ulimits: [{ name: 'nofile', softLimit: 1, hardLimit: 2 }] }, [api('1.18')]],
    ['a health check', { healthCheck: { command: ['CMD', 'true'] } }, [api('1.24'), 'ecs.capability.container-health-check']],
    ['an init process', { linuxParameters: { initProcessEnabled: true } }, [api('1.25')]],
    ['container dependencies', { dependsOn: [{ containerName: 'db', condition: 'START' }] }, ['ecs.capability.container-ordering']],
    ['a privileged container', { privileged: true }, ['com.amazonaws.ecs.capability.privileged-container']],
    ['members that ask for nothing', { dockerLabels: {}, ulimits: [], dependsOn: [], privileged: false }, []],
  ])('%s', (_, extra, expected) => {
    expect(names([container(extra)])).toEqual([...expected].sort());
  });

  it('names each attribute once across containers', () => {
    const a = container({ logConfiguration: { logDriver: 'json-file' } });
    const b = container({ name: 'b', logConfiguration: { logDriver: 'json-file' }, dockerLabels: { x: 'y' } });
    expect(names([a, b])).toEqual([api('1.18'), 'com.amazonaws.ecs.capability.logging-driver.json-file']);
  });
});

import { describe, expect, test } from 'vitest';
import {
  creationOrder,
  evaluateDependency,
  parseLink,
  startDependencies,
  stopWaves,
  validateDependencies,
} from '../../../../src/agent/runtime/supervision/dependencies.js';
import type { ContainerSpec } from '../../../../src/protocol/index.js';

const c = (name: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({ name, ...extra });

describe('dependencies', () => {
  test('parseLink', () => {
    expect(parseLink('db')).toEqual({ name: 'db', alias: 'db' });
    expect(parseLink('db:database')).toEqual({ name: 'db', alias: 'database' });
  });

  test('links imply START unless dependsOn says otherwise', () => {
    expect(startDependencies(c('app', { links: ['db:x', 'cache'], dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] }))).toEqual([
      { container: 'db', condition: 'HEALTHY' },
      { container: 'cache', condition: 'START' },
    ]);
  });

  test.each([
    ['unknown container', [c('a', { dependsOn: [{ containerName: 'x', condition: 'START' }] })], /unknown container x/],
    ['self dependency', [c('a', { links: ['a'] })], /depends on itself/],
    [
      'HEALTHY without a health check',
      [c('db'), c('a', { dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] })],
      /db has no health check/,
    ],
    [
      'cycle',
      [c('a', { dependsOn: [{ containerName: 'b', condition: 'START' }] }), c('b', { links: ['a'] })],
      /dependency cycle: a -> b -> a/,
    ],
    [
      'unknown condition',
      [c('b'), c('a', { dependsOn: [{ containerName: 'b', condition: 'LATER' as never }] })],
      /unknown dependency condition LATER/,
    ],
  ])('invalid: %s', (_what, containers, message) => {
    expect(validateDependencies(containers)).toMatch(message);
  });

  test('a sound graph validates', () => {
    expect(
      validateDependencies([
        c('db', { healthCheck: { command: ['CMD', 'true'] } }),
        c('app', { dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }], volumesFrom: [{ sourceContainer: 'data' }] }),
        c('data'),
      ]),
    ).toBeUndefined();
  });

  test('creation order puts dependencies first; stop waves reverse it', () => {
    const containers = [
      c('web', { links: ['app'] }),
      c('app', { dependsOn: [{ containerName: 'db', condition: 'START' }], volumesFrom: [{ sourceContainer: 'data' }] }),
      c('db'),
      c('data'),
    ];
    const order = creationOrder(containers);
    expect(order.indexOf('db')).toBeLessThan(order.indexOf('app'));
    expect(order.indexOf('data')).toBeLessThan(order.indexOf('app'));
    expect(order.indexOf('app')).toBeLessThan(order.indexOf('web'));
    expect(stopWaves(containers)).toEqual([['web'], ['app'], ['db', 'data']]);
  });

  test.each([
    ['START', { status: 'PENDING', started: false }, 'waiting'],
    ['START', { status: 'RUNNING', started: true }, 'satisfied'],
    ['START', { status: 'STOPPED', started: true, exitCode: 1 }, 'satisfied'],
    ['START', { status: 'STOPPED', started: false }, 'impossible'],
    ['COMPLETE', { status: 'RUNNING', started: true }, 'waiting'],
    ['COMPLETE', { status: 'STOPPED', started: true, exitCode: 1 }, 'satisfied'],
    ['SUCCESS', { status: 'STOPPED', started: true, exitCode: 0 }, 'satisfied'],
    ['SUCCESS', { status: 'STOPPED', started: true, exitCode: 2 }, 'impossible'],
    ['HEALTHY', { status: 'RUNNING', started: true, health: 'UNKNOWN' }, 'waiting'],
    ['HEALTHY', { status: 'RUNNING', started: true, health: 'UNHEALTHY' }, 'waiting'],
    ['HEALTHY', { status: 'RUNNING', started: true, health: 'HEALTHY' }, 'satisfied'],
    ['HEALTHY', { status: 'STOPPED', started: true, exitCode: 0 }, 'impossible'],
  ] as const)('%s on %o is %s', (condition, target, state) => {
    expect(evaluateDependency(condition, target).state).toBe(state);
  });
});

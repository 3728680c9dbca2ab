import { describe, expect, test } from 'vitest';
import { taskHealth } from '../../../../src/agent/runtime/supervision/task-health.js';
import { fromDockerHealth, healthFromEventAction } from '../../../../src/agent/runtime/docker/health.js';

const e = (health?: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN', essential = true, hasHealthCheck = true) => ({
  essential,
  hasHealthCheck,
  health,
});

describe('task health', () => {
  test.each([
    ['no health checks', [e(undefined, true, false)], 'UNKNOWN'],
    ['all essential checks healthy', [e('HEALTHY'), e('HEALTHY'), e(undefined, true, false)], 'HEALTHY'],
    ['one essential still starting', [e('HEALTHY'), e('UNKNOWN')], 'UNKNOWN'],
    ['an essential container unhealthy', [e('HEALTHY'), e('UNHEALTHY')], 'UNHEALTHY'],
    ['only a non-essential container unhealthy', [e('HEALTHY'), e('UNHEALTHY', false)], 'HEALTHY'],
  ] as const)('%s → %s', (_what, containers, expected) => {
    expect(taskHealth([...containers])).toBe(expected);
  });

  test('Docker health states and event actions', () => {
    expect(fromDockerHealth('healthy')).toBe('HEALTHY');
    expect(fromDockerHealth('unhealthy')).toBe('UNHEALTHY');
    expect(fromDockerHealth('starting')).toBe('UNKNOWN');
    expect(healthFromEventAction('health_status: unhealthy')).toBe('UNHEALTHY');
    expect(healthFromEventAction('die')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { dockerCapabilities, PROCESS_CAPABILITIES } from '../../../../src/agent/runtime/capabilities.js';

const api = (v: string) => `com.amazonaws.ecs.capability.docker-remote-api.${v}`;
const log = (d: string) => `com.amazonaws.ecs.capability.logging-driver.${d}`;
/** `docker version` and `docker info` of Docker Engine 20.10 on Debian. */
const ENGINE = {
  apiVersion: '1.41',
  minApiVersion: '1.12',
  logDrivers: ['awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'logentries', 'splunk', 'syslog'],
};

describe('the capabilities a container instance advertises', () => {
  it('on Docker Engine: every Remote API version from 1.17 up, its ECS logging drivers, health checks, ordering, privileged', () => {
    const caps = dockerCapabilities(ENGINE);
    expect(caps.filter((c) => c.includes('docker-remote-api'))).toEqual(Array.from({ length: 25 }, (_, i) => api(`1.${17 + i}`)));
    expect(caps.filter((c) => c.includes('logging-driver'))).toEqual(
      ['json-file', 'syslog', 'journald', 'gelf', 'fluentd', 'awslogs', 'splunk'].map(log),
    );
    expect(caps).toEqual(
      expect.arrayContaining([
        'ecs.capability.container-health-check',
        'ecs.capability.container-ordering',
        'com.amazonaws.ecs.capability.privileged-container',
      ]),
    );
  });

  it('offers only the logging drivers the operator chose, and refuses one the Engine lacks', () => {
    expect(dockerCapabilities(ENGINE, ['json-file']).filter((c) => c.includes('logging-driver'))).toEqual([log('json-file')]);
    expect(() => dockerCapabilities({ ...ENGINE, logDrivers: ['json-file'] }, ['splunk'])).toThrow(
      /--logging-drivers splunk: Docker Engine has only json-file/,
    );
  });

  it('an Engine older than API 1.24 runs no health checks; a higher minimum API drops the older versions', () => {
    expect(dockerCapabilities({ apiVersion: '1.23', logDrivers: [] })).not.toContain('ecs.capability.container-health-check');
    expect(
      dockerCapabilities({ apiVersion: '1.45', minApiVersion: '1.24', logDrivers: [] }).filter((c) => c.includes('remote-api'))[0],
    ).toBe(api('1.24'));
  });

  it('on the process driver: health checks and container ordering only', () => {
    expect(PROCESS_CAPABILITIES).toEqual(['ecs.capability.container-health-check', 'ecs.capability.container-ordering']);
  });
});

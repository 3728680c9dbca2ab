import { describe, expect, it } from 'vitest';
import type { TaskDefinitions } from '../../../../src/scheduler/reconcile/index.js';
import { instance, reconcile, service, TD1, TDS, ZONES } from './harness.js';

/** The task definition's requiresAttributes, as RegisterTaskDefinition computed them for a syslog container. */
const SYSLOG = [
  { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' },
  { name: 'com.amazonaws.ecs.capability.logging-driver.syslog' },
];
const needsSyslog: TaskDefinitions = { ...TDS, [TD1]: { ...TDS[TD1]!, requiredAttributes: SYSLOG } };
const capable = (id: string, zone: string) =>
  instance(id, zone, {
    attributes: {
      'ecs.availability-zone': zone,
      'com.amazonaws.ecs.capability.docker-remote-api.1.18': null,
      'com.amazonaws.ecs.capability.logging-driver.syslog': null,
    },
  });
/** Advertises the Docker API but only the json-file logging driver. */
const jsonOnly = (id: string, zone: string) =>
  instance(id, zone, {
    attributes: {
      'ecs.availability-zone': zone,
      'com.amazonaws.ecs.capability.docker-remote-api.1.18': null,
      'com.amazonaws.ecs.capability.logging-driver.json-file': null,
    },
  });

describe('a service whose task definition requires attributes (requiresAttributes)', () => {
  it('places its tasks only on instances that advertise every one', () => {
    const plan = reconcile({
      service: service({ desiredCount: 2 }),
      instances: [jsonOnly('i1', ZONES[0]!), capable('i2', ZONES[1]!), jsonOnly('i3', ZONES[2]!)],
      taskDefinitions: needsSyslog,
    });
    expect(plan.place.map((p) => p.placement.instanceId)).toEqual(['i2', 'i2']);
  });

  it('cannot place a task where no instance has them, and says so as ECS does', () => {
    const plan = reconcile({
      service: service({ desiredCount: 1 }),
      instances: [jsonOnly('i1', ZONES[0]!)],
      taskDefinitions: needsSyslog,
    });
    expect(plan.place).toEqual([]);
    expect(plan.unplaced).toMatchObject({ count: 1, closest: { instanceId: 'i1', reason: 'ATTRIBUTE' } });
    expect(plan.service.events[0]!.message).toBe(
      '(service web) was unable to place a task because no container instance met all of its requirements. ' +
        'The closest matching (container-instance i1) is missing an attribute required by your task. For more information, see the Troubleshooting section.',
    );
  });

  it('gives a DAEMON task only to the instances that have them', () => {
    const plan = reconcile({
      service: service({
        schedulingStrategy: 'DAEMON',
        desiredCount: 0,
        deploymentConfiguration: { maximumPercent: 100, minimumHealthyPercent: 0 },
      }),
      instances: [jsonOnly('i1', ZONES[0]!), capable('i2', ZONES[1]!)],
      taskDefinitions: needsSyslog,
    });
    expect(plan.place.map((p) => p.placement.instanceId)).toEqual(['i2']);
    expect(plan.service.desiredCount).toBe(1);
  });
});

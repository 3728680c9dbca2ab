import { describe, expect, it } from 'vitest';
import type { TaskRecord } from '../../../src/domain/task.js';
import { applyReport, markLost, markStopping, requestStop } from '../../../src/domain/task-transitions.js';

const T0 = 1_700_000_000_000;

function task(extra: Partial<TaskRecord> = {}): TaskRecord {
  return {
    taskArn: 'arn:aws:ecs:us-east-1:000000000000:task/default/t1',
    taskId: 't1',
    clusterName: 'default',
    clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/default',
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:000000000000:task-definition/web:1',
    family: 'web',
    revision: 1,
    containerInstanceId: 'i1',
    lastStatus: 'PENDING',
    desiredStatus: 'RUNNING',
    group: 'family:web',
    launchType: 'EC2',
    overrides: {},
    containers: [
      { name: 'web', containerArn: 'arn:c/web', lastStatus: 'PENDING', networkBindings: [] },
      { name: 'side', containerArn: 'arn:c/side', lastStatus: 'PENDING', networkBindings: [] },
    ],
    attachments: [],
    healthStatus: 'UNKNOWN',
    createdAt: T0 / 1000,
    tags: [],
    hostPorts: [],
    ...extra,
  };
}

describe('requestStop', () => {
  it('asks a placed task to stop, keeping the reason and stop code', () => {
    expect(requestStop(task(), 'scale in', 'ServiceSchedulerInitiated', T0)).toMatchObject({
      desiredStatus: 'STOPPED',
      lastStatus: 'PENDING',
      stoppedReason: 'scale in',
      stopCode: 'ServiceSchedulerInitiated',
      stoppingAt: T0 / 1000,
    });
  });

  it('stops at once a task no agent was ever given, its containers too', () => {
    const stopped = requestStop(task({ containerInstanceId: undefined }), 'user', 'UserInitiated', T0)!;
    expect(stopped).toMatchObject({ lastStatus: 'STOPPED', stoppedAt: T0 / 1000, executionStoppedAt: T0 / 1000 });
    expect(stopped.containers.map((c) => c.lastStatus)).toEqual(['STOPPED', 'STOPPED']);
  });

  it('changes nothing for a task already asked to stop, or stopped (the first reason stands)', () => {
    const asked = requestStop(task(), 'first', 'UserInitiated', T0)!;
    expect(requestStop(asked, 'second', 'ServiceSchedulerInitiated', T0 + 1)).toBeUndefined();
    expect(requestStop(task({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED' }), 'x', 'UserInitiated', T0)).toBeUndefined();
  });
});

describe('markStopping', () => {
  it('moves a task asked to stop to STOPPING, once', () => {
    const asked = requestStop(task({ lastStatus: 'RUNNING' }), 'user', 'UserInitiated', T0)!;
    const stopping = markStopping(asked, T0 + 5000)!;
    expect(stopping).toMatchObject({ lastStatus: 'STOPPING', stoppingAt: T0 / 1000 });
    expect(markStopping(stopping, T0 + 6000)).toBeUndefined();
  });

  it('does nothing to a task that should keep running', () => {
    expect(markStopping(task({ lastStatus: 'RUNNING' }), T0)).toBeUndefined();
  });
});

describe('markLost', () => {
  it('stops a task whose host is gone, disconnected, with InfrastructureHealth', () => {
    expect(markLost(task({ lastStatus: 'RUNNING' }), 'host lost', T0)).toMatchObject({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stoppedReason: 'host lost',
      stopCode: 'InfrastructureHealth',
      connectivity: 'DISCONNECTED',
    });
  });

  it('keeps the reason and code of a stop already asked for; leaves a stopped task alone', () => {
    const asked = requestStop(task({ lastStatus: 'RUNNING' }), 'user', 'UserInitiated', T0)!;
    expect(markLost(asked, 'host lost', T0 + 1)).toMatchObject({ stoppedReason: 'user', stopCode: 'UserInitiated' });
    expect(markLost(task({ lastStatus: 'STOPPED' }), 'host lost', T0)).toBeUndefined();
  });
});

describe('applyReport', () => {
  it('moves forward: RUNNING with its start time, containers by name', () => {
    const running = applyReport(
      task(),
      { status: 'RUNNING', startedAt: T0 + 2000, containers: [{ name: 'web', status: 'RUNNING', runtimeId: 'abc' }] },
      T0 + 3000,
    )!;
    expect(running).toMatchObject({ lastStatus: 'RUNNING', startedAt: (T0 + 2000) / 1000, connectivity: 'CONNECTED' });
    expect(running.containers).toMatchObject([
      { name: 'web', lastStatus: 'RUNNING', runtimeId: 'abc' },
      { name: 'side', lastStatus: 'PENDING' },
    ]);
  });

  it('never moves backwards: a late PENDING after RUNNING, or the same report twice, changes nothing', () => {
    const running = applyReport(task(), { status: 'RUNNING', startedAt: T0 }, T0)!;
    expect(applyReport(running, { status: 'PENDING' }, T0 + 1)).toBeUndefined();
    expect(applyReport(running, { status: 'RUNNING', startedAt: T0 }, T0 + 1)).toBeUndefined();
  });

  it('takes the agent’s reason for a stop nobody asked for, and keeps the asked-for one otherwise', () => {
    const report = {
      status: 'STOPPED' as const,
      stoppedAt: T0 + 9000,
      stoppedReason: 'Essential container exited',
      stopCode: 'EssentialContainerExited' as const,
    };
    expect(applyReport(task({ lastStatus: 'RUNNING' }), report, T0 + 10_000)).toMatchObject({
      lastStatus: 'STOPPED',
      stoppedReason: 'Essential container exited',
      stopCode: 'EssentialContainerExited',
      stoppedAt: (T0 + 9000) / 1000,
    });
    const asked = requestStop(task({ lastStatus: 'RUNNING' }), 'user', 'UserInitiated', T0)!;
    expect(applyReport(asked, report, T0 + 10_000)).toMatchObject({ stoppedReason: 'user', stopCode: 'UserInitiated' });
  });

  it('never resurrects a STOPPED task', () => {
    const stopped = markLost(task({ lastStatus: 'RUNNING' }), 'host lost', T0)!;
    expect(applyReport(stopped, { status: 'RUNNING', startedAt: T0 + 1 }, T0 + 2)).toBeUndefined();
  });
});

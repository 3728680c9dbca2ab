import { describe, expect, it } from 'vitest';
import { acceptsStopRequest, applyReport, markLost, markStopping, requestStop } from '../../../src/domain/task-transitions.js';
import { statusRank, TASK_STATUSES, type TaskRecord, type TaskStatus } from '../../../src/domain/task.js';

const NOW = Date.UTC(2026, 0, 1);
const sec = (ms: number) => ms / 1000;

function task(overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    taskArn: 'arn:aws:ecs:us-east-1:000000000000:task/c/t1',
    taskId: 't1',
    clusterName: 'c',
    clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/c',
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:000000000000:task-definition/f:1',
    family: 'f',
    revision: 1,
    containerInstanceId: 'i1',
    containerInstanceArn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/c/i1',
    lastStatus: 'PENDING',
    desiredStatus: 'RUNNING',
    group: 'family:f',
    launchType: 'EC2',
    overrides: {},
    containers: [{ name: 'a', containerArn: 'arn:c/a', lastStatus: 'PENDING', networkBindings: [] }],
    attachments: [],
    healthStatus: 'UNKNOWN',
    createdAt: sec(NOW) - 60,
    tags: [],
    hostPorts: [],
    ...overrides,
  };
}

/** Applies reports in order, as a poll does (undefined = nothing to write). */
const apply = (t: TaskRecord, ...reports: Parameters<typeof applyReport>[1][]) =>
  reports.reduce((cur, r) => applyReport(cur, r, NOW) ?? cur, t);

describe('a late duplicate report never undoes newer health (seed 1, step 9790 of the chaos suite)', () => {
  const running = task({ lastStatus: 'RUNNING', healthStatus: 'HEALTHY', healthReportedAt: NOW - 5000 });
  const healthy = {
    status: 'RUNNING' as const,
    health: 'HEALTHY' as const,
    containers: [{ name: 'a', status: 'RUNNING' as const, health: 'HEALTHY' as const }],
  };
  const unhealthy = {
    ...healthy,
    health: 'UNHEALTHY' as const,
    containers: [{ name: 'a', status: 'RUNNING' as const, health: 'UNHEALTHY' as const }],
  };

  it('an older report delivered after a newer one leaves the newer health', () => {
    const t = apply(running, { ...unhealthy, reportedAt: NOW - 1000 }, { ...healthy, reportedAt: NOW - 5000 });
    expect(t.healthStatus).toBe('UNHEALTHY');
    expect(t.containers[0]!.healthStatus).toBe('UNHEALTHY');
    expect(t.healthReportedAt).toBe(NOW - 1000);
    expect(applyReport(t, { ...healthy, reportedAt: NOW - 5000 }, NOW)).toBeUndefined();
  });

  it('health recovers when the newer report says so', () => {
    const t = apply(running, { ...unhealthy, reportedAt: NOW - 1000 }, { ...healthy, reportedAt: NOW });
    expect(t.healthStatus).toBe('HEALTHY');
    expect(t.healthReportedAt).toBe(NOW);
  });

  it('reports without a time (older agents) apply in arrival order', () => {
    expect(apply(running, unhealthy).healthStatus).toBe('UNHEALTHY');
  });
});

describe('agent reports move a task forward only', () => {
  it('PENDING → RUNNING → STOPPED', () => {
    const running = applyReport(task(), { status: 'RUNNING', startedAt: NOW - 1000 }, NOW)!;
    expect(running.lastStatus).toBe('RUNNING');
    expect(running.startedAt).toBe(sec(NOW - 1000));
    const stopped = applyReport(
      running,
      { status: 'STOPPED', stoppedReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited' },
      NOW,
    )!;
    expect(stopped).toMatchObject({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited' });
    expect(stopped.containers.every((c) => c.lastStatus === 'STOPPED')).toBe(true);
  });

  it('a late PENDING after RUNNING changes nothing', () => {
    const running = apply(task(), { status: 'RUNNING' });
    expect(applyReport(running, { status: 'PENDING' }, NOW + 5000)).toBeUndefined();
  });

  it('a duplicated report changes nothing the second time', () => {
    const report = { status: 'RUNNING' as const, health: 'HEALTHY' as const };
    const once = applyReport(task(), report, NOW)!;
    expect(applyReport(once, report, NOW + 1000)).toBeUndefined();
  });

  it('reordered reports (STOPPED before RUNNING) end STOPPED, and RUNNING never resurrects it', () => {
    const stopped = apply(task(), { status: 'STOPPED' });
    expect(stopped.lastStatus).toBe('STOPPED');
    expect(applyReport(stopped, { status: 'RUNNING' }, NOW)).toBeUndefined();
    expect(applyReport(stopped, { status: 'STOPPED', stoppedReason: 'again' }, NOW)).toBeUndefined();
  });

  it('a container never moves backwards either', () => {
    const running = apply(task(), { status: 'RUNNING', containers: [{ name: 'a', status: 'RUNNING', runtimeId: 'c1' }] });
    const late = applyReport(running, { status: 'RUNNING', containers: [{ name: 'a', status: 'PENDING' }] }, NOW);
    expect(late).toBeUndefined();
  });

  it('health changes are changes (they mark the service for attention) without moving the status', () => {
    const running = apply(task(), { status: 'RUNNING', health: 'HEALTHY' });
    const unhealthy = applyReport(running, { status: 'RUNNING', health: 'UNHEALTHY' }, NOW)!;
    expect(unhealthy).toMatchObject({ lastStatus: 'RUNNING', healthStatus: 'UNHEALTHY' });
  });

  it('whatever order reports of the three statuses arrive in, the task ends at the furthest one', () => {
    const statuses = ['PENDING', 'RUNNING', 'STOPPED'] as const;
    for (const a of statuses)
      for (const b of statuses)
        for (const c of statuses) {
          const end = apply(task(), { status: a }, { status: b }, { status: c });
          const furthest = [a, b, c].reduce((x, y) => (statusRank(y as TaskStatus) > statusRank(x as TaskStatus) ? y : x));
          expect(end.lastStatus, `${a}, ${b}, ${c}`).toBe(furthest);
        }
  });

  it('a stop the user asked for keeps its reason when the agent reports it stopped', () => {
    const asked = requestStop(apply(task(), { status: 'RUNNING' }), 'Task stopped by user', 'UserInitiated', NOW)!;
    const stopped = applyReport(asked, { status: 'STOPPED', stoppedReason: 'exit 137', stopCode: 'EssentialContainerExited' }, NOW)!;
    expect(stopped).toMatchObject({ stoppedReason: 'Task stopped by user', stopCode: 'UserInitiated' });
  });
});

describe('control-plane transitions', () => {
  it('requestStop: desired STOPPED once; a task never placed stops at once', () => {
    const running = apply(task(), { status: 'RUNNING' });
    const asked = requestStop(running, 'r', 'UserInitiated', NOW)!;
    expect(asked).toMatchObject({ desiredStatus: 'STOPPED', lastStatus: 'RUNNING', stoppingAt: sec(NOW) });
    expect(acceptsStopRequest(asked)).toBe(false);
    expect(requestStop(asked, 'again', 'UserInitiated', NOW)).toBeUndefined();
    const unplaced = requestStop(task({ containerInstanceId: undefined }), 'r', 'UserInitiated', NOW)!;
    expect(unplaced.lastStatus).toBe('STOPPED');
  });

  it('markStopping only after a stop was asked, and only once', () => {
    const running = apply(task(), { status: 'RUNNING' });
    expect(markStopping(running, NOW)).toBeUndefined();
    const stopping = markStopping(requestStop(running, 'r', 'UserInitiated', NOW)!, NOW + 1000)!;
    expect(stopping.lastStatus).toBe('STOPPING');
    expect(stopping.stoppingAt).toBe(sec(NOW)); // when it was asked
    expect(markStopping(stopping, NOW + 2000)).toBeUndefined();
  });

  it('markLost stops a live task without its agent, keeping an earlier stop reason; a STOPPED task stays as it is', () => {
    const lost = markLost(apply(task(), { status: 'RUNNING' }), 'lost', NOW)!;
    expect(lost).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'InfrastructureHealth',
      stoppedReason: 'lost',
      connectivity: 'DISCONNECTED',
    });
    expect(markLost(lost, 'again', NOW)).toBeUndefined();
    const asked = requestStop(apply(task(), { status: 'RUNNING' }), 'by user', 'UserInitiated', NOW)!;
    expect(markLost(asked, 'lost', NOW)!.stoppedReason).toBe('by user');
  });

  it('no transition ever lowers the status rank', () => {
    for (const status of TASK_STATUSES) {
      const t = task({ lastStatus: status, desiredStatus: status === 'STOPPED' ? 'STOPPED' : 'RUNNING' });
      for (const next of [
        applyReport(t, { status: 'PENDING' }, NOW),
        applyReport(t, { status: 'RUNNING' }, NOW),
        applyReport(t, { status: 'STOPPED' }, NOW),
        requestStop(t, 'r', 'UserInitiated', NOW),
        markStopping({ ...t, desiredStatus: 'STOPPED' }, NOW),
        markLost(t, 'lost', NOW),
      ]) {
        if (next) expect(statusRank(next.lastStatus), `${status} → ${next.lastStatus}`).toBeGreaterThanOrEqual(statusRank(status));
      }
    }
  });
});

describe('what a report carries onto the record', () => {
  it("an agent's own stop: its reason and stop code, its stop time, exit codes; a missing reason reads 'Task stopped'", () => {
    const running = apply(task(), { status: 'RUNNING', containers: [{ name: 'a', status: 'RUNNING', runtimeId: 'c1' }] });
    const stopped = applyReport(
      running,
      {
        status: 'STOPPED',
        stoppedReason: 'Essential container in task exited',
        stopCode: 'EssentialContainerExited',
        stoppedAt: NOW - 2000,
        containers: [{ name: 'a', status: 'STOPPED', exitCode: 3, reason: 'exit 3' }],
      },
      NOW,
    )!;
    expect(stopped).toMatchObject({
      stoppedReason: 'Essential container in task exited',
      stopCode: 'EssentialContainerExited',
      stoppedAt: sec(NOW - 2000),
      executionStoppedAt: sec(NOW - 2000),
    });
    expect(stopped.containers).toEqual([
      expect.objectContaining({ name: 'a', lastStatus: 'STOPPED', runtimeId: 'c1', exitCode: 3, reason: 'exit 3' }),
    ]);
    expect(applyReport(running, { status: 'STOPPED' }, NOW)).toMatchObject({ stoppedReason: 'Task stopped', stoppedAt: sec(NOW) });
  });

  it('pull times are kept from the first report that has them; bindings only when reported', () => {
    const pulled = applyReport(task(), { status: 'PENDING', pullStartedAt: NOW - 5000, pullStoppedAt: NOW - 4000 }, NOW)!;
    expect(pulled).toMatchObject({ lastStatus: 'PENDING', pullStartedAt: sec(NOW - 5000), pullStoppedAt: sec(NOW - 4000) });
    expect(applyReport(pulled, { status: 'PENDING', pullStartedAt: NOW, pullStoppedAt: NOW }, NOW)).toBeUndefined();
    const bound = applyReport(
      pulled,
      {
        status: 'RUNNING',
        containers: [
          { name: 'a', status: 'RUNNING', networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 49153, protocol: 'tcp' }] },
        ],
      },
      NOW,
    )!;
    expect(bound.containers[0]!.networkBindings).toEqual([{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 49153, protocol: 'tcp' }]);
    const again = applyReport(bound, { status: 'RUNNING', containers: [{ name: 'a', status: 'RUNNING', health: 'HEALTHY' }] }, NOW)!;
    expect(again.containers[0]).toMatchObject({ healthStatus: 'HEALTHY', networkBindings: [{ hostPort: 49153 }] });
  });

  it('reports of containers the task does not have are ignored', () => {
    expect(applyReport(task(), { status: 'PENDING', containers: [{ name: 'ghost', status: 'RUNNING' }] }, NOW)).toBeUndefined();
  });

  it('RUNNING without a start time starts now; a later RUNNING keeps the first start time', () => {
    const running = applyReport(task(), { status: 'RUNNING' }, NOW)!;
    expect(running).toMatchObject({ startedAt: sec(NOW), connectivity: 'CONNECTED' });
    expect(applyReport(running, { status: 'RUNNING', startedAt: NOW + 9000 }, NOW + 9000)).toBeUndefined();
  });
});

describe('stops with load balancer targets, and lost hosts', () => {
  const target = { targetGroupArn: 'arn:tg', containerName: 'a', containerPort: 80, id: 'i1', port: 49153 };
  const behindLb = (state: 'REGISTERING' | 'REGISTERED' | 'DRAINING' | 'DEREGISTERED') =>
    apply(task({ loadBalancing: { state, targets: [target] } }), { status: 'RUNNING' });

  it('a RUNNING task whose targets ELB may route to is DEACTIVATING; the stop waits for the drain', () => {
    for (const state of ['REGISTERING', 'REGISTERED'] as const) {
      expect(requestStop(behindLb(state), 'scale-in', 'ServiceSchedulerInitiated', NOW), state).toMatchObject({
        lastStatus: 'DEACTIVATING',
        desiredStatus: 'STOPPED',
        stoppedReason: 'scale-in',
      });
    }
    for (const state of ['DRAINING', 'DEREGISTERED'] as const) {
      expect(requestStop(behindLb(state), 'scale-in', 'ServiceSchedulerInitiated', NOW)!.lastStatus, state).toBe('RUNNING');
    }
    // Still PENDING: ELB has nothing of it to drain.
    const pending = task({ loadBalancing: { state: 'REGISTERING', targets: [target] } });
    expect(requestStop(pending, 'r', 'UserInitiated', NOW)!.lastStatus).toBe('PENDING');
  });

  it('a DEACTIVATING task moves on to STOPPING, keeping when the stop was asked', () => {
    const deactivating = requestStop(behindLb('REGISTERED'), 'r', 'UserInitiated', NOW)!;
    expect(markStopping(deactivating, NOW + 30_000)).toMatchObject({ lastStatus: 'STOPPING', stoppingAt: sec(NOW) });
  });

  it('markLost keeps a stop code already set and the exit codes of containers already stopped', () => {
    const twoContainers = task({
      containers: [
        { name: 'a', containerArn: 'arn:c/a', lastStatus: 'PENDING', networkBindings: [] },
        { name: 'b', containerArn: 'arn:c/b', lastStatus: 'PENDING', networkBindings: [] },
      ],
    });
    const running = apply(twoContainers, {
      status: 'RUNNING',
      containers: [
        { name: 'a', status: 'RUNNING' },
        { name: 'b', status: 'STOPPED', exitCode: 0 },
      ],
    });
    const asked = requestStop(running, 'by user', 'UserInitiated', NOW)!;
    const lost = markLost(asked, 'host lost', NOW + 1000)!;
    expect(lost).toMatchObject({ stopCode: 'UserInitiated', stoppedReason: 'by user', stoppedAt: sec(NOW + 1000), stoppingAt: sec(NOW) });
    expect(lost.containers.map((c) => [c.name, c.lastStatus, c.exitCode])).toEqual([
      ['a', 'STOPPED', undefined],
      ['b', 'STOPPED', 0],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Assignment, RunAssignment } from '../../../../src/protocol/index.js';
import { TaskManager, UNKNOWN_TASK_REASON } from '../../../../src/agent/control-loop/task-manager.js';
import type { TaskReport } from '../../../../src/protocol/index.js';
import { makeTaskSpec } from '../../../support/task-specs.js';
import { RecordingDriver } from '../../../support/recording-driver.js';
import { recordingLogger } from '../../../support/recording-logger.js';

function setup(opts: { now?: () => number; cleanupWaitMs?: number } = {}) {
  const driver = new RecordingDriver();
  const sent: TaskReport[] = [];
  const manager = new TaskManager({
    driver,
    onReport: (r) => sent.push(r),
    logger: recordingLogger(),
    now: opts.now ?? Date.now,
    cleanupWaitMs: opts.cleanupWaitMs,
  });
  return { driver, sent, manager };
}

const spec = makeTaskSpec();
const run: Assignment = { taskArn: spec.taskArn, desiredStatus: 'RUNNING', spec };
const stop: Assignment = {
  taskArn: spec.taskArn,
  desiredStatus: 'STOPPED',
  stopReason: 'Scaling activity initiated by deployment',
  stopCode: 'ServiceSchedulerInitiated',
};

describe('TaskManager', () => {
  it('starts a task desired RUNNING once, however many polls (even overlapping ones) list it', async () => {
    const { driver, sent, manager } = setup();
    let open!: () => void;
    driver.startGate = new Promise((resolve) => (open = resolve));
    manager.apply([run], []);
    manager.apply([run], []);
    open();
    await manager.settled();
    manager.apply([run], []);
    await manager.settled();
    expect(driver.calls.start).toEqual([spec.taskArn]);
    expect(sent.map((r) => r.status)).toEqual(['PENDING', 'RUNNING']);
    expect(manager.counts()).toEqual({ PENDING: 0, RUNNING: 1, STOPPED: 0 });
  });

  it('starts a pushed placement at once, and neither a later poll nor a late push starts it again', async () => {
    const { driver, manager } = setup();
    manager.runPushed([run as RunAssignment]);
    manager.apply([run], []);
    manager.runPushed([run as RunAssignment]);
    await manager.settled();
    expect(driver.calls.start).toEqual([spec.taskArn]);
  });

  it('a push that arrives after the poll that brought the stop of the same task starts nothing', async () => {
    const { driver, manager } = setup();
    manager.apply([stop], []);
    manager.runPushed([run as RunAssignment]);
    await manager.settled();
    expect(driver.calls.start).toEqual([]);
    expect(manager.counts()).toEqual({ PENDING: 0, RUNNING: 0, STOPPED: 1 });
  });

  it('stops a task desired STOPPED with the given reason and code, once', async () => {
    const { driver, sent, manager } = setup();
    manager.apply([run], []);
    manager.apply([stop], []); // queued behind the start: a stop never overtakes it
    manager.apply([stop], []);
    await manager.settled();
    expect(driver.calls.stop).toEqual([{ taskArn: spec.taskArn, reason: stop.stopReason, stopCode: 'ServiceSchedulerInitiated' }]);
    expect(sent.at(-1)).toMatchObject({ status: 'STOPPED', stoppedReason: stop.stopReason });
  });

  it('never restarts a task that stopped', async () => {
    const { driver, manager } = setup();
    manager.apply([run], []);
    await manager.settled();
    driver.exit(spec.taskArn, 1);
    manager.apply([run], []);
    await manager.settled();
    expect(driver.calls.start).toHaveLength(1);
  });

  it('reports a task stopped before it ever ran here as STOPPED with the reason', async () => {
    const { driver, sent, manager } = setup({ now: () => 42 });
    manager.apply([stop], []);
    await manager.settled();
    expect(driver.calls.start).toEqual([]);
    expect(sent).toEqual([
      {
        taskArn: spec.taskArn,
        status: 'STOPPED',
        containers: [],
        stoppedReason: stop.stopReason,
        stopCode: 'ServiceSchedulerInitiated',
        stoppedAt: 42,
      },
    ]);
  });

  it('stops and removes an unknown task, and never reports it again', async () => {
    const { driver, sent, manager } = setup();
    manager.apply([run], []);
    await manager.settled();
    sent.length = 0;
    manager.apply([], [spec.taskArn]);
    await manager.settled();
    expect(driver.calls.stop).toEqual([{ taskArn: spec.taskArn, reason: UNKNOWN_TASK_REASON, stopCode: 'ServiceSchedulerInitiated' }]);
    expect(driver.calls.remove).toEqual([spec.taskArn]);
    expect(sent).toEqual([]);
    expect(manager.reports()).toEqual([]);
  });

  it('does not start adopted tasks again, and follows their reports', async () => {
    const { driver, sent, manager } = setup();
    await driver.start(spec, () => undefined);
    manager.adopt(await driver.adopt((arn) => manager.listenerFor(arn)));
    expect(manager.reports()).toMatchObject([{ taskArn: spec.taskArn, status: 'RUNNING' }]);
    manager.apply([run], []);
    await manager.settled();
    expect(driver.calls.start).toHaveLength(1);
    driver.exit(spec.taskArn, 0);
    expect(sent).toMatchObject([{ status: 'STOPPED', stopCode: 'EssentialContainerExited' }]);
  });

  it('removes stopped tasks the control plane no longer lists after the cleanup wait', async () => {
    let now = 1000;
    const { driver, manager } = setup({ now: () => now, cleanupWaitMs: 500 });
    manager.apply([run], []);
    await manager.settled();
    driver.exit(spec.taskArn, 0);
    manager.apply([], []);
    await manager.settled();
    expect(driver.calls.remove).toEqual([]);
    now += 10_000;
    manager.apply([run], []); // still listed: kept
    manager.apply([], []);
    await manager.settled();
    expect(driver.calls.remove).toEqual([spec.taskArn]);
    expect(manager.reports()).toEqual([]);
  });

  it('retries a stop that failed on the next poll', async () => {
    const { driver, manager } = setup();
    manager.apply([run], []);
    await manager.settled();
    const realStop = driver.stop.bind(driver);
    driver.stop = async () => {
      throw new Error('docker daemon busy');
    };
    manager.apply([stop], []);
    await manager.settled();
    driver.stop = realStop;
    manager.apply([stop], []);
    await manager.settled();
    expect(manager.counts().STOPPED).toBe(1);
  });

  it('turns a start that throws into a TaskFailedToStart report', async () => {
    const { driver, sent, manager } = setup();
    driver.start = async () => {
      throw new Error('no such image');
    };
    manager.apply([run], []);
    await manager.settled();
    expect(sent).toMatchObject([
      { status: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: 'CannotStartContainerError: no such image' },
    ]);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Agent, AgentStoppedError, startAgent, type AgentOptions } from '../../../../src/agent/core/agent.js';
import { sleep } from '../../../../src/agent/core/clock.js';
import { FAKE_JOIN_TOKEN, FakeControlPlane, SERVER_ERROR } from '../../../support/fake-control-plane.js';
import { RecordingDriver, recordingLogger } from './test-doubles.js';

const eventually = { timeout: 3000, interval: 5 };

describe('Agent', () => {
  let cp: FakeControlPlane;
  let stateDir: string;
  let agents: Agent[];
  let log: ReturnType<typeof recordingLogger>;

  beforeEach(async () => {
    cp = await FakeControlPlane.start();
    cp.pollIntervalMs = 10;
    stateDir = mkdtempSync(join(tmpdir(), 'berth-agent-'));
    agents = [];
    log = recordingLogger();
  });
  afterEach(async () => {
    await Promise.all(agents.map((a) => a.kill()));
    await cp.close();
  });

  const options = (driver: RecordingDriver, extra: Partial<AgentOptions> = {}): AgentOptions => ({
    endpoint: cp.url,
    cluster: 'default',
    joinToken: FAKE_JOIN_TOKEN,
    driver,
    stateDir,
    totalResources: { cpu: 1024, memory: 2048, reservedPorts: [22] },
    attributes: { 'ecs.availability-zone': 'us-east-1b' },
    logger: log,
    pollIntervalMs: 10,
    backoff: { initialMs: 2, maxMs: 10 },
    random: () => 0.5,
    ...extra,
  });
  const launch = async (driver: RecordingDriver, extra?: Partial<AgentOptions>) => {
    const agent = new Agent(options(driver, extra));
    agents.push(agent);
    await agent.start();
    return agent;
  };
  const pollsOf = (agent: Agent) => cp.pollsOf(agent.containerInstanceArn!);

  it('registers the host with its resources and attributes, then polls, full report first', async () => {
    const agent = await launch(new RecordingDriver(), { usageIntervalMs: 60_000 });
    const inst = cp.instances.get(agent.containerInstanceArn!)!;
    expect(inst.attributes).toEqual([
      { name: 'ecs.os-type', value: 'linux' },
      { name: 'berth.driver', value: 'recording' },
      { name: 'ecs.availability-zone', value: 'us-east-1b' },
    ]);
    expect(inst.totalResources).toContainEqual({ name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22'] });
    await vi.waitFor(() => expect(pollsOf(agent).length).toBeGreaterThanOrEqual(3), eventually);
    const [first, ...rest] = pollsOf(agent).map((p) => p.request);
    expect(first).toMatchObject({ cluster: 'default', containerInstanceArn: agent.containerInstanceArn, full: true });
    expect(rest.every((r) => !r.full)).toBe(true);
    // Usage is sampled in the background and rides on the next poll: once per interval, never holding a poll back.
    expect(
      pollsOf(agent)
        .filter((p) => p.request.usage !== undefined)
        .map((p) => p.request.usage),
    ).toEqual([[]]);
    expect(agent.status()).toMatchObject({ state: 'running', connected: true, consecutiveErrors: 0 });
  });

  it('starts an assigned task once although every poll lists it, and reports it RUNNING', async () => {
    const driver = new RecordingDriver();
    const agent = await launch(driver);
    const task = cp.assign(agent.containerInstanceArn!);
    await vi.waitFor(() => expect(task.lastStatus).toBe('RUNNING'), eventually);
    const pollsSoFar = pollsOf(agent).length;
    await vi.waitFor(() => expect(pollsOf(agent).length).toBeGreaterThan(pollsSoFar + 3), eventually);
    expect(driver.calls.start).toEqual([task.taskArn]);
    expect(task.report).toMatchObject({ status: 'RUNNING', containers: [{ name: 'web', status: 'RUNNING' }] });
  });

  it('stops a task desired STOPPED with the control plane reason', async () => {
    const driver = new RecordingDriver();
    const agent = await launch(driver);
    const task = cp.assign(agent.containerInstanceArn!);
    await vi.waitFor(() => expect(task.lastStatus).toBe('RUNNING'), eventually);
    cp.stopTask(task.taskArn, 'Task stopped by user', 'UserInitiated');
    await vi.waitFor(() => expect(task.lastStatus).toBe('STOPPED'), eventually);
    expect(driver.calls.stop).toEqual([{ taskArn: task.taskArn, reason: 'Task stopped by user', stopCode: 'UserInitiated' }]);
    expect(task.report).toMatchObject({ stoppedReason: 'Task stopped by user', stopCode: 'UserInitiated' });
  });

  it('when a lost host comes back, stops and removes the tasks the control plane calls unknown', async () => {
    const driver = new RecordingDriver();
    const first = await launch(driver);
    const task = cp.assign(first.containerInstanceArn!);
    await vi.waitFor(() => expect(task.lastStatus).toBe('RUNNING'), eventually);
    await first.kill();
    cp.loseInstance(first.containerInstanceArn!);
    const second = await launch(driver);
    await vi.waitFor(() => expect(driver.calls.remove).toEqual([task.taskArn]), eventually);
    expect(
      pollsOf(second)
        .filter((p) => p.request.full)
        .at(-1)?.response.unknown,
    ).toEqual([task.taskArn]);
    expect(driver.calls.stop).toMatchObject([{ taskArn: task.taskArn, stopCode: 'ServiceSchedulerInitiated' }]);
    expect(second.status()).toMatchObject({ pendingReports: 0, tasks: { PENDING: 0, RUNNING: 0, STOPPED: 0 } });
  });

  it('stops a task the control plane stopped behind its back (declared lost while the host was silent, or while a report raced)', async () => {
    const driver = new RecordingDriver();
    const agent = await launch(driver);
    const task = cp.assign(agent.containerInstanceArn!);
    await vi.waitFor(() => expect(task.lastStatus).toBe('RUNNING'), eventually);
    cp.loseInstance(agent.containerInstanceArn!); // no silence: the next polls simply no longer list it
    await vi.waitFor(() => expect(driver.calls.remove).toEqual([task.taskArn]), eventually);
  });

  it('re-sends a report with every poll until it is acknowledged', async () => {
    const agent = await launch(new RecordingDriver());
    cp.acknowledge = false;
    const task = cp.assign(agent.containerInstanceArn!);
    await vi.waitFor(
      () => expect(pollsOf(agent).filter((p) => p.request.reports.some((r) => r.status === 'RUNNING')).length).toBeGreaterThanOrEqual(3),
      eventually,
    );
    expect(agent.status().pendingReports).toBe(1);
    cp.acknowledge = true;
    await vi.waitFor(() => expect(agent.status().pendingReports).toBe(0), eventually);
    const after = pollsOf(agent).length;
    await vi.waitFor(() => expect(pollsOf(agent).length).toBeGreaterThan(after + 1), eventually);
    expect(
      pollsOf(agent)
        .slice(after + 1)
        .every((p) => p.request.reports.length === 0),
    ).toBe(true);
    expect(task.lastStatus).toBe('RUNNING');
  });

  it('keeps unsent reports in its state file across a restart', async () => {
    const driver = new RecordingDriver();
    const first = await launch(driver);
    const task = cp.assign(first.containerInstanceArn!);
    await vi.waitFor(() => expect(task.lastStatus).toBe('RUNNING'), eventually);
    cp.acknowledge = false;
    driver.exit(task.taskArn, 3);
    await vi.waitFor(() => expect(first.status().pendingReports).toBe(1), eventually);
    await first.kill();
    cp.acknowledge = true;
    task.lastStatus = 'RUNNING'; // the STOPPED report never reached the control plane
    const second = await launch(new RecordingDriver()); // a host whose driver lost track of the task
    await vi.waitFor(() => expect(task.lastStatus).toBe('STOPPED'), eventually);
    expect(second.containerInstanceArn).toBe(first.containerInstanceArn);
    expect(task.report).toMatchObject({ stopCode: 'EssentialContainerExited', containers: [{ exitCode: 3 }] });
  });

  it('after a restart re-registers the same instance, adopts, sends a full report and starts nothing twice', async () => {
    const driver = new RecordingDriver();
    const first = await launch(driver);
    const task = cp.assign(first.containerInstanceArn!);
    await vi.waitFor(() => expect(task.lastStatus).toBe('RUNNING'), eventually);
    await first.stop();
    const second = await launch(driver);
    await vi.waitFor(() => expect(pollsOf(second).length).toBeGreaterThan(5), eventually);
    expect(second.containerInstanceArn).toBe(first.containerInstanceArn);
    expect(cp.instances.get(first.containerInstanceArn!)?.registrations).toBe(2);
    expect(driver.calls.adopt).toBe(2);
    expect(driver.calls.start).toEqual([task.taskArn]);
    const fullPolls = pollsOf(second).filter((p) => p.request.full);
    expect(fullPolls).toHaveLength(2); // one per agent start
    expect(fullPolls[1].request.reports).toMatchObject([{ taskArn: task.taskArn, status: 'RUNNING' }]);
    expect(second.status().tasks).toEqual({ PENDING: 0, RUNNING: 1, STOPPED: 0 });
  });

  it('backs off while polls fail, logs loudly at the error cap, and recovers', async () => {
    const sleeps: number[] = [];
    const clock = { now: Date.now, sleep: (ms: number, signal?: AbortSignal) => (sleeps.push(ms), sleep(ms, signal)) };
    const agent = await launch(new RecordingDriver(), { clock, maxConsecutiveErrors: 3, backoff: { initialMs: 2, maxMs: 8 } });
    await vi.waitFor(() => expect(pollsOf(agent).length).toBeGreaterThan(0), eventually);
    sleeps.length = 0;
    cp.failPolls(6);
    await vi.waitFor(() => expect(agent.status().consecutiveErrors).toBe(6), eventually);
    expect(sleeps.slice(0, 6)).toEqual([1.5, 3, 6, 6, 6, 6]);
    const loud = log.lines.filter((l) => l.level === 'error');
    expect(loud.map((l) => l.message)).toEqual([
      'CONTROL PLANE UNREACHABLE: 3 consecutive poll failures; still retrying',
      'CONTROL PLANE UNREACHABLE: 6 consecutive poll failures; still retrying',
    ]);
    expect(loud[0].detail.error).toMatchObject({ type: 'ServerException' });
    await vi.waitFor(() => expect(agent.status()).toMatchObject({ consecutiveErrors: 0, connected: true }), eventually);
  });

  it('keeps trying to register while the control plane is down', async () => {
    cp.setOutage({ status: 503, type: 'ServiceUnavailableException' });
    const driver = new RecordingDriver();
    const starting = launch(driver);
    await vi.waitFor(() => expect(cp.requests.length).toBeGreaterThan(3), eventually);
    cp.setOutage(undefined);
    const agent = await starting;
    expect(cp.instances.has(agent.containerInstanceArn!)).toBe(true);
  });

  it('can be stopped while it is still trying to register', async () => {
    cp.setOutage(SERVER_ERROR);
    const driver = new RecordingDriver();
    const starting = launch(driver);
    await vi.waitFor(() => expect(cp.requests.length).toBeGreaterThan(1), eventually);
    await agents[0]!.stop();
    await expect(starting).rejects.toBeInstanceOf(AgentStoppedError);
    expect(driver.calls).toMatchObject({ adopt: 0, close: 1 });
  });

  it('fails fast on a cluster that does not exist, releasing the driver', async () => {
    const driver = new RecordingDriver();
    await expect(launch(driver, { cluster: 'nope' })).rejects.toMatchObject({ type: 'ClusterNotFoundException' });
    expect(driver.calls.close).toBe(1);
  });

  it('registers as a new instance when the control plane no longer knows it', async () => {
    const agent = await launch(new RecordingDriver());
    const old = agent.containerInstanceArn!;
    cp.instances.get(old)!.deregistered = true;
    await vi.waitFor(() => expect(agent.containerInstanceArn).not.toBe(old), eventually);
    await vi.waitFor(() => expect(pollsOf(agent)[0]?.request.full).toBe(true), eventually);
    expect(cp.instances.size).toBe(2);
  });

  /** A backoff this long means the loop sends nothing more by itself once a poll has failed. */
  const stalled = { backoff: { initialMs: 60_000, maxMs: 60_000 } };

  it('on stop() flushes unsent reports once, closes the driver and leaves tasks running', async () => {
    const driver = new RecordingDriver();
    const agent = await launch(driver, stalled);
    const task = cp.assign(agent.containerInstanceArn!);
    await vi.waitFor(() => expect(driver.running()).toEqual([task.taskArn]), eventually);
    cp.setOutage(SERVER_ERROR);
    driver.exit(task.taskArn, 0);
    await vi.waitFor(() => expect(agent.status().consecutiveErrors).toBe(1), eventually);
    cp.setOutage(undefined);
    const polls = cp.polls.length;
    await agent.stop();
    expect(cp.polls.slice(polls).map((p) => p.request.reports.map((r) => r.status))).toEqual([['STOPPED']]);
    expect(agent.status()).toMatchObject({ state: 'stopped', pendingReports: 0 });
    expect(driver.calls.close).toBe(1);
    await sleep(30);
    expect(cp.polls.length).toBe(polls + 1);
  });

  it('on stop() leaves running tasks running', async () => {
    const driver = new RecordingDriver();
    const agent = await launch(driver);
    const task = cp.assign(agent.containerInstanceArn!);
    await vi.waitFor(() => expect(task.lastStatus).toBe('RUNNING'), eventually);
    await agent.stop();
    expect(driver.calls.stop).toEqual([]);
    expect(driver.calls.remove).toEqual([]);
    expect(driver.running()).toEqual([task.taskArn]);
  });

  it('on kill() stops polling without flushing', async () => {
    const driver = new RecordingDriver();
    const agent = await launch(driver, stalled);
    const task = cp.assign(agent.containerInstanceArn!);
    await vi.waitFor(() => expect(task.lastStatus).toBe('RUNNING'), eventually);
    cp.setOutage(SERVER_ERROR);
    driver.exit(task.taskArn, 1);
    await vi.waitFor(() => expect(agent.status().consecutiveErrors).toBe(1), eventually);
    cp.setOutage(undefined);
    const polls = cp.polls.length;
    await agent.kill();
    expect(cp.polls.length).toBe(polls);
    expect(agent.status().pendingReports).toBe(1);
    expect(driver.calls.close).toBe(1);
  });

  it('startAgent() resolves once registered', async () => {
    const agent = await startAgent(options(new RecordingDriver()));
    agents.push(agent);
    expect(agent.status().state).toBe('running');
  });
});

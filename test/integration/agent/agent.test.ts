/**
 * The agent's control loop against the real control plane (the agent-api and
 * ecs-api handlers on DynamoDB Local, in process), with a recording driver
 * standing in for Docker.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeregisterContainerInstanceCommand } from '@aws-sdk/client-ecs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Agent, AgentStoppedError, startAgent, type AgentOptions } from '../../../src/agent/control-loop/agent.js';
import { sleep } from '../../../src/agent/control-loop/clock.js';
import { MAX_REPORTS_PER_POLL } from '../../../src/protocol/index.js';
import { ControlPlaneServer, REGISTER_PATH, SERVER_ERROR } from '../../support/control-plane-server.js';
import { RecordingDriver } from '../../support/recording-driver.js';
import { recordingLogger } from '../../support/recording-logger.js';

const eventually = { timeout: 20_000, interval: 20 };

describe('Agent against the real control plane', () => {
  let cp: ControlPlaneServer;
  let cluster: string;
  let joinToken: string;
  let stateDir: string;
  let agents: Agent[];
  let log: ReturnType<typeof recordingLogger>;

  beforeAll(async () => {
    // A 2 s agent timeout: the poll then checks the instance's registration every 0.5 s.
    cp = await ControlPlaneServer.start({ pollIntervalMs: 10, agentTimeoutSeconds: 2 });
  });
  afterAll(() => cp.close());
  beforeEach(async () => {
    cluster = `agent-${randomBytes(4).toString('hex')}`;
    await cp.createCluster(cluster);
    // Reusable: an instance whose key is gone joins again with it.
    joinToken = await cp.joinToken(cluster);
    stateDir = mkdtempSync(join(tmpdir(), 'berth-agent-'));
    agents = [];
    log = recordingLogger();
  });
  afterEach(async () => {
    await Promise.all(agents.map((a) => a.kill()));
    cp.clearFaults();
  });

  const options = (driver: RecordingDriver, extra: Partial<AgentOptions> = {}): AgentOptions => ({
    endpoint: cp.url,
    cluster,
    joinToken,
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
  const lastStatus = async (taskArn: string) => (await cp.task(cluster, taskArn)).lastStatus;
  const startTask = (agent: Agent) => cp.startTask(cluster, agent.containerInstanceArn!);

  it('registers the host with its resources and attributes, then polls, full report first', async () => {
    const agent = await launch(new RecordingDriver(), { usageIntervalMs: 60_000 });
    const instance = await cp.instance(cluster, agent.containerInstanceArn!);
    expect(instance.attributes).toEqual(
      expect.arrayContaining([
        { name: 'ecs.os-type', value: 'linux' },
        { name: 'berth.driver', value: 'recording' },
        { name: 'ecs.availability-zone', value: 'us-east-1b' },
      ]),
    );
    expect(instance.registeredResources).toContainEqual(expect.objectContaining({ name: 'CPU', integerValue: 1024 }));
    expect(instance.registeredResources?.find((r) => r.name === 'PORTS')?.stringSetValue).toContain('22');
    await vi.waitFor(() => expect(pollsOf(agent).length).toBeGreaterThanOrEqual(3), eventually);
    const [first, ...rest] = pollsOf(agent).map((p) => p.request);
    expect(first).toMatchObject({ cluster, containerInstanceArn: agent.containerInstanceArn, full: true });
    expect(rest.every((r) => !r.full)).toBe(true);
    // Usage is sampled in the background and rides on the next poll: once per interval, never holding a poll back.
    expect(
      pollsOf(agent)
        .filter((p) => p.request.usage !== undefined)
        .map((p) => p.request.usage),
    ).toEqual([[]]);
    expect(pollsOf(agent)[0]!.response.pollIntervalMs).toBe(10);
    expect(agent.status()).toMatchObject({ state: 'running', connected: true, consecutiveErrors: 0 });
  });

  it('starts an assigned task once although every poll lists it, and reports it RUNNING', async () => {
    const driver = new RecordingDriver();
    const agent = await launch(driver);
    const taskArn = await startTask(agent);
    await vi.waitFor(async () => expect(await lastStatus(taskArn)).toBe('RUNNING'), eventually);
    const pollsSoFar = pollsOf(agent).length;
    await vi.waitFor(() => expect(pollsOf(agent).length).toBeGreaterThan(pollsSoFar + 3), eventually);
    expect(driver.calls.start).toEqual([taskArn]);
    const task = await cp.task(cluster, taskArn);
    expect(task.containers).toMatchObject([{ name: 'web', lastStatus: 'RUNNING', runtimeId: expect.stringMatching(/\/web$/) }]);
    // The spec the agent ran is the one the control plane built: resolved host port, protocol, the definition's members.
    const spec = pollsOf(agent).find((p) => p.response.tasks.length)!.response.tasks[0]!;
    expect(spec).toMatchObject({
      desiredStatus: 'RUNNING',
      spec: {
        containers: [{ name: 'web', image: 'nginx:alpine', portMappings: [{ containerPort: 80, hostPort: 49153, protocol: 'tcp' }] }],
      },
    });
  });

  it('stops a task desired STOPPED with the control plane reason', async () => {
    const driver = new RecordingDriver();
    const agent = await launch(driver);
    const taskArn = await startTask(agent);
    await vi.waitFor(async () => expect(await lastStatus(taskArn)).toBe('RUNNING'), eventually);
    await cp.stopTask(cluster, taskArn, 'Task stopped by user');
    await vi.waitFor(async () => expect(await lastStatus(taskArn)).toBe('STOPPED'), eventually);
    expect(driver.calls.stop).toEqual([{ taskArn, reason: 'Task stopped by user', stopCode: 'UserInitiated' }]);
    expect(await cp.task(cluster, taskArn)).toMatchObject({ stoppedReason: 'Task stopped by user', stopCode: 'UserInitiated' });
  });

  it('when a lost host comes back, stops and removes the tasks the control plane calls unknown', async () => {
    const driver = new RecordingDriver();
    const first = await launch(driver);
    const taskArn = await startTask(first);
    await vi.waitFor(async () => expect(await lastStatus(taskArn)).toBe('RUNNING'), eventually);
    await first.kill();
    expect(await cp.loseAgents(cluster)).toBe(1);
    expect(await cp.task(cluster, taskArn)).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'InfrastructureHealth' });
    const second = await launch(driver);
    await vi.waitFor(() => expect(driver.calls.remove).toEqual([taskArn]), eventually);
    expect(
      pollsOf(second)
        .filter((p) => p.request.full)
        .at(-1)?.response.unknown,
    ).toEqual([taskArn]);
    expect(driver.calls.stop).toMatchObject([{ taskArn, stopCode: 'ServiceSchedulerInitiated' }]);
    expect(second.status()).toMatchObject({ pendingReports: 0, tasks: { PENDING: 0, RUNNING: 0, STOPPED: 0 } });
  });

  it('stops a task the control plane stopped behind its back (declared lost while the agent kept polling)', async () => {
    const driver = new RecordingDriver();
    const agent = await launch(driver);
    const taskArn = await startTask(agent);
    await vi.waitFor(async () => expect(await lastStatus(taskArn)).toBe('RUNNING'), eventually);
    const fullBefore = pollsOf(agent).filter((p) => p.request.full).length;
    // A reconcile pass that judged the host silent (a frozen host, polls that never arrived) while the agent never restarted.
    expect(await cp.loseAgents(cluster)).toBe(1);
    expect(await cp.task(cluster, taskArn)).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'InfrastructureHealth' });
    // The next polls no longer list the task it still runs: it reports everything again, hears "unknown", stops and removes it.
    await vi.waitFor(() => expect(driver.calls.remove).toEqual([taskArn]), eventually);
    const full = pollsOf(agent).filter((p) => p.request.full);
    expect(full.length).toBe(fullBefore + 1);
    expect(full.at(-1)!.request.reports).toMatchObject([{ taskArn, status: 'RUNNING' }]);
    expect(full.at(-1)!.response.unknown).toEqual([taskArn]);
    expect(driver.calls.stop).toMatchObject([{ taskArn }]);
    expect(driver.running()).toEqual([]);
    await vi.waitFor(() => expect(agent.status()).toMatchObject({ pendingReports: 0, tasks: { RUNNING: 0 } }), eventually);
    // The record stays as the control plane decided: the stop the host finally made changes nothing.
    expect(await cp.task(cluster, taskArn)).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'InfrastructureHealth' });
  });

  it('re-sends a report with every poll until an answer acknowledges it', async () => {
    const driver = new RecordingDriver();
    const agent = await launch(driver);
    const taskArn = await startTask(agent);
    await vi.waitFor(async () => expect(await lastStatus(taskArn)).toBe('RUNNING'), eventually);
    cp.loseAnswers(true);
    driver.exit(taskArn, 0);
    const carryingStop = () =>
      pollsOf(agent).filter((p) => p.request.reports?.some((r) => r.taskArn === taskArn && r.status === 'STOPPED'));
    await vi.waitFor(() => expect(carryingStop().length).toBeGreaterThanOrEqual(3), eventually);
    expect(agent.status().pendingReports).toBe(1);
    // Every repeat reached the control plane, which stopped the task once and acknowledged the report each time.
    expect(carryingStop().every((p) => p.response.acknowledged.includes(taskArn))).toBe(true);
    expect(await cp.task(cluster, taskArn)).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited' });
    cp.loseAnswers(false);
    await vi.waitFor(() => expect(agent.status().pendingReports).toBe(0), eventually);
    const after = pollsOf(agent).length;
    await vi.waitFor(() => expect(pollsOf(agent).length).toBeGreaterThan(after + 1), eventually);
    expect(
      pollsOf(agent)
        .slice(after + 1)
        .every((p) => (p.request.reports ?? []).length === 0),
    ).toBe(true);
  });

  it('keeps unsent reports in its state file across a restart', async () => {
    const driver = new RecordingDriver();
    // The host's link is cut on the host's side, not by cp.setOutage: the server decides an outage when it parses a
    // request, and kill() aborts a poll only on the agent's side, so a poll written just before kill() used to be parsed
    // after the outage was lifted and delivered the STOPPED report (10 runs in 60 failed so, on an idle machine).
    const link = { cut: false };
    const hostFetch: typeof fetch = (input, init) =>
      link.cut ? Promise.reject(new TypeError('fetch failed', { cause: { code: 'ENETUNREACH' } })) : fetch(input, init);
    const first = await launch(driver, { fetch: hostFetch });
    const taskArn = await startTask(first);
    await vi.waitFor(async () => expect(await lastStatus(taskArn)).toBe('RUNNING'), eventually);
    link.cut = true;
    driver.exit(taskArn, 3);
    await vi.waitFor(() => expect(first.status().consecutiveErrors).toBeGreaterThan(0), eventually);
    expect(first.status().pendingReports).toBe(1);
    await first.kill();
    expect(await lastStatus(taskArn)).toBe('RUNNING'); // the STOPPED report never left the host
    const second = await launch(new RecordingDriver()); // a host whose driver lost track of the task
    await vi.waitFor(async () => expect(await lastStatus(taskArn)).toBe('STOPPED'), eventually);
    expect(second.containerInstanceArn).toBe(first.containerInstanceArn);
    expect(await cp.task(cluster, taskArn)).toMatchObject({ stopCode: 'EssentialContainerExited', containers: [{ exitCode: 3 }] });
  });

  it('after a restart re-registers the same instance, adopts, sends a full report and starts nothing twice', async () => {
    const driver = new RecordingDriver();
    const first = await launch(driver);
    const taskArn = await startTask(first);
    await vi.waitFor(async () => expect(await lastStatus(taskArn)).toBe('RUNNING'), eventually);
    await first.stop();
    // Both agents are one instance, so pollsOf() counts the first one's polls too: wait for polls of the second.
    const beforeRestart = cp.pollsOf(first.containerInstanceArn!).length;
    const second = await launch(driver);
    await vi.waitFor(() => expect(pollsOf(second).length).toBeGreaterThan(beforeRestart + 5), eventually);
    expect(second.containerInstanceArn).toBe(first.containerInstanceArn);
    // The first start joined with the token; the restart registers with the instance's own key, as the same instance.
    expect(
      cp.requests.filter((r) => r.path === REGISTER_PATH && r.body.cluster === cluster).map((r) => r.body.containerInstanceArn),
    ).toEqual([undefined]);
    const registrations = cp.requests.filter((r) => r.operation === 'RegisterContainerInstance' && r.body.cluster === cluster);
    expect(registrations.map((r) => r.body.containerInstanceArn)).toEqual([first.containerInstanceArn]);
    expect(driver.calls.adopt).toBe(2);
    expect(driver.calls.start).toEqual([taskArn]);
    const fullPolls = pollsOf(second).filter((p) => p.request.full);
    expect(fullPolls).toHaveLength(2); // one per agent start
    expect(fullPolls[1]!.request.reports).toMatchObject([{ taskArn, status: 'RUNNING' }]);
    expect(fullPolls[1]!.response.acknowledged).toEqual([taskArn]);
    expect(second.status().tasks).toEqual({ PENDING: 0, RUNNING: 1, STOPPED: 0 });
  });

  it('backs off while polls fail, logs loudly at the error cap, and recovers', async () => {
    const sleeps: number[] = [];
    const clock = { now: Date.now, sleep: (ms: number, signal?: AbortSignal) => (sleeps.push(ms), sleep(ms, signal)) };
    const agent = await launch(new RecordingDriver(), { clock, maxConsecutiveErrors: 3, backoff: { initialMs: 2, maxMs: 8 } });
    await vi.waitFor(() => expect(pollsOf(agent).length).toBeGreaterThan(0), eventually);
    sleeps.length = 0;
    cp.failPolls(6);
    // Not status().consecutiveErrors === 6: that lasts one 6 ms backoff before the 7th poll succeeds and resets it, so a
    // check every 20 ms may never see it. The loud line of the 6th failure is logged once, before that backoff, and stays.
    const loud = () => log.lines.filter((l) => l.level === 'error');
    await vi.waitFor(() => expect(loud()).toHaveLength(2), eventually);
    expect(loud().map((l) => l.message)).toEqual([
      'CONTROL PLANE UNREACHABLE: 3 consecutive poll failures; still retrying',
      'CONTROL PLANE UNREACHABLE: 6 consecutive poll failures; still retrying',
    ]);
    expect(loud()[1]!.detail).toMatchObject({ consecutiveErrors: 6, error: { type: 'ServerException' } });
    // Backoffs only (the 10 ms poll interval a poll already in flight may still take is not one); the 6th started with its log line.
    expect(sleeps.filter((ms) => ms < 10).slice(0, 6)).toEqual([1.5, 3, 6, 6, 6, 6]);
    await vi.waitFor(() => expect(agent.status()).toMatchObject({ consecutiveErrors: 0, connected: true }), eventually);
    expect(loud()).toHaveLength(2);
  });

  it('keeps trying to register while the control plane is down', async () => {
    cp.setOutage({ status: 503, type: 'ServiceUnavailableException' });
    const before = cp.requests.length;
    const starting = launch(new RecordingDriver());
    await vi.waitFor(() => expect(cp.requests.length).toBeGreaterThan(before + 3), eventually);
    cp.setOutage(undefined);
    const agent = await starting;
    expect(await cp.instance(cluster, agent.containerInstanceArn!)).toMatchObject({ status: 'ACTIVE', agentConnected: true });
  });

  it('can be stopped while it is still trying to register', async () => {
    cp.setOutage(SERVER_ERROR);
    const driver = new RecordingDriver();
    const before = cp.requests.length;
    const starting = launch(driver);
    await vi.waitFor(() => expect(cp.requests.length).toBeGreaterThan(before + 1), eventually);
    await agents[0]!.stop();
    await expect(starting).rejects.toBeInstanceOf(AgentStoppedError);
    expect(driver.calls).toMatchObject({ adopt: 0, close: 1 });
  });

  it('fails fast on a cluster that does not exist, releasing the driver', async () => {
    const driver = new RecordingDriver();
    const gone = await cp.deletedCluster(`gone-${randomBytes(4).toString('hex')}`);
    await expect(launch(driver, gone)).rejects.toMatchObject({ type: 'ClusterNotFoundException' });
    expect(driver.calls.close).toBe(1);
  });

  it('joins as a new instance when its instance was deregistered (its key revoked, its ARN refused), then reports in full', async () => {
    const agent = await launch(new RecordingDriver());
    const old = agent.containerInstanceArn!;
    const joins = () => cp.requests.filter((r) => r.path === REGISTER_PATH && r.body.cluster === cluster);
    await cp.ecs.send(new DeregisterContainerInstanceCommand({ cluster, containerInstance: old }));
    // The next poll is refused (the key is gone), so is the saved key; a join with the old ARN is refused too, so the host joins anew.
    // A new ARN, not merely "not the old one": the agent forgets its ARN (undefined) when refused, before it joins anew.
    await vi.waitFor(() => expect(agent.containerInstanceArn ?? old).not.toBe(old), eventually);
    // Its first join, then a new one. Between them a join with the old ARN, refused, when the poll was refused for its
    // key; none when a poll that passed authentication just before the deregistration was refused for the instance.
    const joinedWith = joins().map((r) => r.body.containerInstanceArn);
    expect(joinedWith).toEqual(joinedWith.length === 3 ? [undefined, old, undefined] : [undefined, undefined]);
    await vi.waitFor(() => expect(pollsOf(agent)[0]?.request.full).toBe(true), eventually);
    expect(await cp.instance(cluster, old)).toMatchObject({ status: 'INACTIVE' });
    expect(await cp.instance(cluster, agent.containerInstanceArn!)).toMatchObject({ status: 'ACTIVE' });
  });

  /** A backoff this long means the loop sends nothing more by itself once a poll has failed. */
  const stalled = { backoff: { initialMs: 60_000, maxMs: 60_000 } };

  it('on stop() flushes unsent reports once, closes the driver and leaves tasks running', async () => {
    const driver = new RecordingDriver();
    const agent = await launch(driver, stalled);
    const taskArn = await startTask(agent);
    await vi.waitFor(() => expect(driver.running()).toEqual([taskArn]), eventually);
    await vi.waitFor(async () => expect(await lastStatus(taskArn)).toBe('RUNNING'), eventually);
    cp.setOutage(SERVER_ERROR);
    driver.exit(taskArn, 0);
    await vi.waitFor(() => expect(agent.status().consecutiveErrors).toBe(1), eventually);
    cp.setOutage(undefined);
    const polls = pollsOf(agent).length;
    await agent.stop();
    expect(
      pollsOf(agent)
        .slice(polls)
        .map((p) => p.request.reports!.map((r) => r.status)),
    ).toEqual([['STOPPED']]);
    expect(agent.status()).toMatchObject({ state: 'stopped', pendingReports: 0 });
    expect(driver.calls.close).toBe(1);
    expect(await lastStatus(taskArn)).toBe('STOPPED');
    await sleep(30);
    expect(pollsOf(agent).length).toBe(polls + 1);
  });

  it('on stop() leaves running tasks running', async () => {
    const driver = new RecordingDriver();
    const agent = await launch(driver);
    const taskArn = await startTask(agent);
    await vi.waitFor(async () => expect(await lastStatus(taskArn)).toBe('RUNNING'), eventually);
    await agent.stop();
    expect(driver.calls.stop).toEqual([]);
    expect(driver.calls.remove).toEqual([]);
    expect(driver.running()).toEqual([taskArn]);
  });

  it('on kill() stops polling without flushing', async () => {
    const driver = new RecordingDriver();
    const agent = await launch(driver, stalled);
    const taskArn = await startTask(agent);
    await vi.waitFor(async () => expect(await lastStatus(taskArn)).toBe('RUNNING'), eventually);
    cp.setOutage(SERVER_ERROR);
    driver.exit(taskArn, 1);
    await vi.waitFor(() => expect(agent.status().consecutiveErrors).toBe(1), eventually);
    cp.setOutage(undefined);
    const polls = pollsOf(agent).length;
    await agent.kill();
    expect(pollsOf(agent).length).toBe(polls);
    expect(agent.status().pendingReports).toBe(1);
    expect(driver.calls.close).toBe(1);
  });

  it('sends more reports than one poll may carry (MAX_REPORTS_PER_POLL) over several polls', async () => {
    const driver = new RecordingDriver();
    // A host that finds 120 stopped tasks when its agent starts: the full report does not fit one poll.
    for (let i = 0; i < 120; i++) {
      const taskArn = `arn:aws:ecs:us-east-1:000000000000:task/${cluster}/${i.toString(16).padStart(32, '0')}`;
      driver.host.set(taskArn, { report: { taskArn, status: 'STOPPED', containers: [] } });
    }
    const agent = await launch(driver);
    await vi.waitFor(() => expect(agent.status().pendingReports).toBe(0), eventually);
    const [first, second] = pollsOf(agent);
    expect(first!.request.full).toBe(false);
    expect(first!.request.reports).toHaveLength(MAX_REPORTS_PER_POLL);
    expect(first!.response.acknowledged).toHaveLength(MAX_REPORTS_PER_POLL);
    expect(second!.request.reports).toHaveLength(120 - MAX_REPORTS_PER_POLL);
  });

  it('startAgent() resolves once registered', async () => {
    const agent = await startAgent(options(new RecordingDriver()));
    agents.push(agent);
    expect(agent.status().state).toBe('running');
  });
});

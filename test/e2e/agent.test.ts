/**
 * Real host agents (bin/berth-agent.mjs processes from startLocalAgents)
 * against the local stack: registration, real containers on Docker Engine,
 * SIGTERM leaving tasks running, a lost host's tasks moving elsewhere and its
 * stale containers removed when it comes back; and one host on the process
 * driver. Cluster names are this file's own plus a per-run suffix (containers
 * are found by their cluster label), so other e2e files, and another run of
 * this one against another stack on the same Docker Engine, run alongside.
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ListContainerInstancesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dynamicPortSlice, startLocalAgents, type LocalAgents } from '../../infra/local/local-agents.js';
import { dockerOwner, processDriverStateDir } from '../../src/agent/choose-driver.js';
import { LABEL } from '../../src/agent/runtime/docker/labels.js';
import { isAlive } from '../../src/agent/runtime/process/proc-stats.js';
import { TaskStateStore } from '../../src/agent/runtime/process/state-store.js';
import { ensureLocalImage, TEST_IMAGE } from '../../src/agent/test-image.js';
import { readConfig } from '../../src/config.js';
import { buildAppContext } from '../../src/wiring/app-context.js';
import { describeDocker, docker, taskContainers } from '../integration/docker/docker-env.js';
import { ecsClient } from '../support/ecs-client.js';
import { joinToken } from '../support/security.js';
import { waitUntil } from '../support/wait.js';

const ecs = ecsClient();
const run = randomUUID().slice(0, 8);
const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
/** BERTH_LOST_AGENT_SECONDS of the e2e stack is 6: lost-host scenarios settle within this. */
const LOST_WAIT_MS = 45_000;

/** A tiny task that stops in a second (sleep as PID 1 ignores SIGTERM; stopTimeout bounds the wait). */
const sleeper = (family: string) =>
  new RegisterTaskDefinitionCommand({
    family,
    containerDefinitions: [{ name: 'app', image: TEST_IMAGE, command: ['sleep', '3600'], cpu: 64, memory: 32, stopTimeout: 1 }],
  });

const attr = (ci: { attributes?: { name?: string; value?: string }[] }, name: string) => ci.attributes?.find((a) => a.name === name)?.value;
const taskId = (arn: string) => arn.split('/').pop()!;

async function describeTasks(cluster: string, arns: string[]): Promise<Task[]> {
  return arns.length ? (await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }))).tasks! : [];
}

async function serviceTasks(cluster: string, service: string): Promise<Task[]> {
  return describeTasks(cluster, (await ecs.send(new ListTasksCommand({ cluster, serviceName: service }))).taskArns!);
}

async function runningServiceTasks(cluster: string, service: string, count: number): Promise<Task[] | undefined> {
  const tasks = await serviceTasks(cluster, service);
  return tasks.length === count && tasks.every((t) => t.lastStatus === 'RUNNING') ? tasks : undefined;
}

async function connected(cluster: string, arn: string): Promise<boolean> {
  const [ci] = (await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [arn] }))).containerInstances!;
  return ci.agentConnected === true;
}

describeDocker('the host agent on Docker Engine', () => {
  const cluster = `agent-e2e-docker-${run}`;
  const family = 'agent-e2e-sleep';
  const service = 'agent-e2e-svc';
  const stateRoot = mkdtempSync(join(tmpdir(), 'berth-agent-e2e-'));
  const agentLog: string[] = [];
  let local: LocalAgents;

  const agentOf = (task: Task) => local.agents.find((a) => a.containerInstanceArn === task.containerInstanceArn)!;

  beforeAll(async () => {
    await ensureLocalImage(docker);
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    await ecs.send(sleeper(family));
    local = await startLocalAgents({
      endpoint: inject('ecsEndpoint'),
      cluster,
      count: 3,
      stateRoot,
      driver: 'docker',
      joinToken: await joinToken(cluster),
      pollIntervalMs: 300,
      log: (line) => agentLog.push(line),
    });
  });

  afterAll(async () => {
    await ecs.send(new DeleteServiceCommand({ cluster, service, force: true })).catch(() => undefined);
    await local?.stop('SIGKILL');
    const left = await docker.listContainers({ all: true, filters: { label: [`${LABEL.cluster}=${cluster}`] } });
    await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
    rmSync(stateRoot, { recursive: true, force: true });
  });

  it('registers each agent with its zone, driver, version and port slice', async () => {
    const arns = (await ecs.send(new ListContainerInstancesCommand({ cluster }))).containerInstanceArns!;
    expect(arns.sort()).toEqual(local.agents.map((a) => a.containerInstanceArn).sort());
    const { containerInstances } = await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: arns }));
    for (const agent of local.agents) {
      const ci = containerInstances!.find((c) => c.containerInstanceArn === agent.containerInstanceArn)!;
      expect(ci.agentConnected).toBe(true);
      expect(attr(ci, 'berth.driver')).toBe('docker');
      expect(attr(ci, 'ecs.availability-zone')).toBe(agent.zone);
      expect(attr(ci, 'berth.dynamic-ports')).toBe(dynamicPortSlice(agent.index));
      expect(attr(ci, 'berth.agent-version')).toBe(version);
      expect(attr(ci, 'ecs.os-type')).toBe('linux');
      expect(attr(ci, 'ecs.cpu-architecture')).toMatch(/^(x86_64|arm64)$/);
      expect(ci.versionInfo).toMatchObject({ agentVersion: version, dockerVersion: expect.stringMatching(/^DockerVersion: /) });
      expect(ci.registeredResources!.find((r) => r.name === 'CPU')!.integerValue).toBe(availableParallelism() * 1024);
    }
    expect(local.agents.map((a) => a.zone)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(agentLog).toEqual([]);
  });

  it('runs a service of 2 tasks as real containers, one per task, labelled with their agent', async () => {
    await ecs.send(new CreateServiceCommand({ cluster, serviceName: service, taskDefinition: family, desiredCount: 2 }));
    const tasks = await waitUntil('2 RUNNING service tasks', () => runningServiceTasks(cluster, service, 2), 60_000);
    expect(new Set(tasks.map((t) => t.containerInstanceArn)).size).toBe(2);
    for (const task of tasks) {
      const containers = await taskContainers(task.taskArn!);
      expect(containers).toHaveLength(1);
      expect(containers[0].State).toBe('running');
      expect(containers[0].Labels[LABEL.owner]).toBe(dockerOwner(agentOf(task).stateDir));
      expect(task.containers![0].runtimeId).toBe(containers[0].Id);
    }
  });

  it('sends task usage with its polls to the control plane', async () => {
    const ctx = buildAppContext(
      readConfig({
        BERTH_TABLE: inject('stackTable'),
        BERTH_DYNAMODB_ENDPOINT: inject('stackDynamodbEndpoint'),
        BERTH_REGION: 'us-east-1',
      }),
    );
    // The agent samples usage every 20 s (as the ECS agent publishes metrics); the control plane folds
    // each instance's reports and stores them once per metric period (one item per instance, not per task).
    // Periods are multiples of the stack's metric period, itself a multiple of 10 s.
    const usage = await waitUntil(
      'a usage item with the service’s tasks',
      async () => {
        const now = Math.floor(Date.now() / 10_000) * 10;
        for (let p = now; p > now - 120; p -= 10) {
          const found = (await ctx.usage.forPeriod(cluster, p)).find((u) => u.services[service]?.memSamples);
          if (found) return found;
        }
        return undefined;
      },
      45_000,
      1000,
    );
    expect(usage.services[service].memUsed).toBeGreaterThan(0);
    expect(usage.services[service].cpuUsed).toBeGreaterThanOrEqual(0);
    expect(usage.samples).toBeGreaterThanOrEqual(1);
  });

  it('SIGTERM stops the agent but not its containers; back within the timeout, it re-adopts them', async () => {
    const before = await serviceTasks(cluster, service);
    const task = before[0];
    const agent = agentOf(task);
    const [container] = await taskContainers(task.taskArn!);
    const containerIds = async () =>
      (await docker.listContainers({ all: true, filters: { label: [`${LABEL.cluster}=${cluster}`] } })).map((c) => c.Id).sort();
    const idsBefore = await containerIds();

    await local.stopOne(agent.index, 'SIGTERM');
    expect((await docker.getContainer(container.Id).inspect()).State.Running).toBe(true);
    expect((await describeTasks(cluster, [task.taskArn!]))[0].lastStatus).toBe('RUNNING');

    const arn = agent.containerInstanceArn;
    await local.startOne(agent.index);
    expect(agent.containerInstanceArn).toBe(arn);
    await waitUntil('the agent to be connected again', () => connected(cluster, arn));
    // Several polls (the first waits for a usage sample, ~1 s on Docker): time enough for a task adopted
    // by mistake, another agent's, to be reported, refused by the control plane and removed.
    for (const until = Date.now() + 6000; Date.now() < until; await sleep(500)) {
      const after = await serviceTasks(cluster, service);
      expect(after.map((t) => t.taskArn).sort()).toEqual(before.map((t) => t.taskArn).sort());
      expect(after.every((t) => t.lastStatus === 'RUNNING')).toBe(true);
      expect(await containerIds()).toEqual(idsBefore);
    }
  });

  it("moves a lost host's tasks elsewhere, and removes its stale containers when it comes back", async () => {
    const [victim] = await serviceTasks(cluster, service);
    const agent = agentOf(victim);
    const [stale] = await taskContainers(victim.taskArn!);

    await local.stopOne(agent.index, 'SIGKILL');
    const replaced = await waitUntil(
      'the lost task to be replaced on another instance',
      async () => {
        const [old] = await describeTasks(cluster, [victim.taskArn!]);
        const live = await runningServiceTasks(cluster, service, 2);
        return old.lastStatus === 'STOPPED' && live?.every((t) => t.containerInstanceArn !== agent.containerInstanceArn)
          ? { old, live }
          : undefined;
      },
      LOST_WAIT_MS,
      500,
    );
    expect(replaced.old.stoppedReason).toMatch(/container instance was lost/);
    // Nobody told the vanished host: its container still runs.
    expect((await docker.getContainer(stale.Id).inspect()).State.Running).toBe(true);

    await local.startOne(agent.index);
    await waitUntil('the stale container to be removed', async () => (await taskContainers(victim.taskArn!)).length === 0, 30_000);
    const live = await serviceTasks(cluster, service);
    expect(live).toHaveLength(2);
    const all = await docker.listContainers({ all: true, filters: { label: [`${LABEL.cluster}=${cluster}`] } });
    expect(all.map((c) => c.Labels[LABEL.taskArn]).sort()).toEqual(live.map((t) => t.taskArn).sort());
    expect(all.every((c) => c.State === 'running')).toBe(true);
    expect(agentLog).toEqual([]);
  });
});

describe('the host agent on the process driver', () => {
  const cluster = `agent-e2e-process-${run}`;
  const family = 'agent-e2e-process-sleep';
  const stateRoot = mkdtempSync(join(tmpdir(), 'berth-agent-e2e-process-'));
  let local: LocalAgents;

  beforeAll(async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    await ecs.send(sleeper(family));
    local = await startLocalAgents({
      endpoint: inject('ecsEndpoint'),
      cluster,
      count: 1,
      stateRoot,
      driver: 'process',
      joinToken: await joinToken(cluster),
      pollIntervalMs: 300,
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await local?.stop('SIGKILL');
    // Kill whatever task process a failed test left behind.
    const store = new TaskStateStore(processDriverStateDir(local?.agents[0].stateDir ?? stateRoot));
    for (const id of store.taskIds()) {
      const rec = store.readContainer(id, 'app');
      if (rec?.pid && isAlive(rec.pid, rec.procStart)) process.kill(-rec.pid, 'SIGKILL');
    }
    rmSync(stateRoot, { recursive: true, force: true });
  }, 30_000);

  it('runs a task as a host process that outlives an agent restart, and stops it', async () => {
    const [agent] = local.agents;
    const [ci] = (await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [agent.containerInstanceArn] })))
      .containerInstances!;
    expect(attr(ci, 'berth.driver')).toBe('process');
    expect(ci.versionInfo?.dockerVersion).toBeUndefined();

    const arn = (await ecs.send(new RunTaskCommand({ cluster, taskDefinition: family }))).tasks![0].taskArn!;
    await waitUntil('the task to run', async () => (await describeTasks(cluster, [arn]))[0].lastStatus === 'RUNNING', 30_000);
    const store = new TaskStateStore(processDriverStateDir(agent.stateDir));
    const rec = store.readContainer(taskId(arn), 'app')!;
    expect(isAlive(rec.pid!, rec.procStart)).toBe(true);

    await local.stopOne(0, 'SIGTERM');
    expect(isAlive(rec.pid!, rec.procStart)).toBe(true);
    await local.startOne(0);
    await waitUntil('the agent to be connected again', () => connected(cluster, agent.containerInstanceArn));
    expect((await describeTasks(cluster, [arn]))[0].lastStatus).toBe('RUNNING');

    await ecs.send(new StopTaskCommand({ cluster, task: arn }));
    await waitUntil('the task to stop', async () => (await describeTasks(cluster, [arn]))[0].lastStatus === 'STOPPED', 30_000);
    expect(isAlive(rec.pid!, rec.procStart)).toBe(false);
  });
});

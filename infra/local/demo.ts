/**
 * `npm run demo [-- --endpoint URL --cluster NAME]`: the ECS getting-started
 * walkthrough against a running `npm start`, with the stock AWS SDK: register
 * a web-server task definition, run it as a service of 3 spread over the
 * container instances, wait until `aws ecs wait services-stable` would accept
 * it, open each task's URL, and print the commands to look around.
 */
import {
  CreateServiceCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ECSClient,
  type PlacementStrategy,
  type Service,
} from '@aws-sdk/client-ecs';
import Docker from 'dockerode';
import { parseArgs } from 'node:util';
import { ensureLocalImage, TEST_IMAGE } from '../../src/agent/test-image.js';
import { chooseDriver, clusterInstances, type InstanceSummary } from './walkthrough/cluster-drivers.js';
import { ensureCluster } from './walkthrough/ensure-cluster.js';
import { inspectCommands } from './walkthrough/inspect-commands.js';
import { DEFAULT_ENDPOINT, localEcsClient, requireEndpoint } from './walkthrough/local-ecs.js';
import { describeService, progressLine, waitServiceStable } from './walkthrough/service-stable.js';
import { checkWelcomePage, taskUrl } from './walkthrough/task-urls.js';
import { DEMO_FAMILY, webTaskDefinition, type WebDriver } from './walkthrough/web-task-definition.js';

const SERVICE = 'berth-demo';
const DESIRED = 3;
const INSTANCES_WAIT_MS = 30_000;
/** Zones first, then hosts: three tasks land on three instances even when zones repeat. */
const SPREAD: PlacementStrategy[] = [
  { type: 'spread', field: 'attribute:ecs.availability-zone' },
  { type: 'spread', field: 'instanceId' },
];

const say = (line: string) => console.log(line);

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      endpoint: { type: 'string', default: process.env.BERTH_ENDPOINT ?? DEFAULT_ENDPOINT },
      cluster: { type: 'string', default: 'default' },
    },
  });
  const endpoint = values.endpoint.replace(/\/+$/, '');
  const cluster = values.cluster;
  say(`▸ The ECS getting-started walkthrough on Berth at ${endpoint} (cluster ${cluster})`);
  await requireEndpoint(endpoint);
  const ecs = localEcsClient(endpoint);

  if (await ensureCluster(ecs, cluster)) say(`▸ created cluster ${cluster}`);
  const { instances, driver } = await waitForInstances(ecs, cluster);
  say(
    `▸ ${instances.length} container instance(s): ${instances.map((i) => `${i.zone ?? '?'}/${i.driver ?? '?'}${i.usable ? '' : ' (not usable)'}`).join(', ')}`,
  );
  say(`  → the ${driver} flavour of the web server`);
  if (driver === 'docker') {
    say(`▸ making sure Docker has ${TEST_IMAGE} (built from the host's busybox: no registry needed)`);
    await ensureLocalImage(new Docker());
  }

  const { taskDefinition } = await ecs.send(new RegisterTaskDefinitionCommand(webTaskDefinition(driver)));
  const tdName = `${DEMO_FAMILY}:${taskDefinition!.revision}`;
  say(`▸ registered task definition ${tdName} (${describeFlavour(driver)})`);

  const started = Date.now();
  say(
    `▸ ${(await deploy(ecs, cluster, tdName)) ? 'created' : 'updated'} service ${SERVICE} (desired ${DESIRED}); waiting until it is stable…`,
  );
  const stable = await waitServiceStable(ecs, cluster, SERVICE, { timeoutMs: 180_000, onPoll: progressReporter(started) });
  say(`✔ stable after ${((Date.now() - started) / 1000).toFixed(1)} s: ${progressLine(stable)}`);

  const checked = await checkTasks(ecs, cluster, instances);
  say('\nLook around (stock AWS CLI):');
  for (const cmd of inspectCommands({ endpoint, cluster, service: SERVICE, taskIds: checked.taskIds })) say(`  ${cmd}`);
  if (checked.failed) say(`\n✘ ${checked.failed} task(s) did not answer with the welcome page: see \`npm run logs -- <task id>\``);
  return checked.failed ? 1 : 0;
}

function describeFlavour(driver: WebDriver): string {
  return driver === 'docker'
    ? `${TEST_IMAGE}: busybox httpd on container port 80 → a dynamic host port`
    : 'a node one-liner serving the welcome page on $PORT, a dynamic host port';
}

/** Agents of a just-started `npm start` may still be registering: give them a moment. */
async function waitForInstances(ecs: ECSClient, cluster: string): Promise<{ instances: InstanceSummary[]; driver: WebDriver }> {
  const deadline = Date.now() + INSTANCES_WAIT_MS;
  let announced = false;
  for (;;) {
    const instances = await clusterInstances(ecs, cluster);
    const driver = chooseDriver(instances);
    if (driver) return { instances, driver };
    if (Date.now() > deadline) {
      throw new Error(
        `no connected container instance in cluster ${cluster} after ${INSTANCES_WAIT_MS / 1000} s: ` +
          '`npm start` runs three local agents on cluster default; is it still starting, or did the agents fail (see .berth/agents/agent-*/agent.log)?',
      );
    }
    if (!announced) say(`  … waiting for container instances to register in cluster ${cluster}`);
    announced = true;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Create the service, or point the existing one at the new revision (a rolling deployment). Returns true when created. */
async function deploy(ecs: ECSClient, cluster: string, taskDefinition: string): Promise<boolean> {
  let existing: Service | undefined;
  try {
    existing = await describeService(ecs, cluster, SERVICE);
  } catch {
    existing = undefined; // missing, or deleted and draining away: create it anew
  }
  if (existing) {
    await ecs.send(
      new UpdateServiceCommand({ cluster, service: SERVICE, taskDefinition, desiredCount: DESIRED, placementStrategy: SPREAD }),
    );
    return false;
  }
  await ecs.send(
    new CreateServiceCommand({ cluster, serviceName: SERVICE, taskDefinition, desiredCount: DESIRED, placementStrategy: SPREAD }),
  );
  return true;
}

/** Prints the counts when they change, each new service event, and a heartbeat so a slow start never looks hung. */
function progressReporter(started: number) {
  let lastLine = '';
  let lastPrint = Date.now();
  const seenEvents = new Set<string>();
  let firstPoll = true;
  return (s: Service) => {
    const events = [...(s.events ?? [])].reverse().filter((e) => e.id && !seenEvents.has(e.id));
    for (const e of events) {
      seenEvents.add(e.id!);
      // Events from before this run are history, not progress.
      if (!firstPoll || (e.createdAt && e.createdAt.getTime() >= started - 1000)) say(`  event: ${e.message}`);
    }
    firstPoll = false;
    const line = progressLine(s);
    const elapsed = ((Date.now() - started) / 1000).toFixed(1);
    if (line !== lastLine || Date.now() - lastPrint > 5000) {
      say(`  [${elapsed.padStart(5)} s] ${line}`);
      lastLine = line;
      lastPrint = Date.now();
    }
  };
}

/** Prints each task's zone and URL and checks it answers; returns the task ids and how many failed the check. */
async function checkTasks(ecs: ECSClient, cluster: string, instances: InstanceSummary[]): Promise<{ taskIds: string[]; failed: number }> {
  const { taskArns } = await ecs.send(new ListTasksCommand({ cluster, serviceName: SERVICE }));
  const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns }));
  say('\nTasks:');
  let failed = 0;
  const taskIds: string[] = [];
  for (const task of tasks ?? []) {
    const zone = instances.find((i) => i.containerInstanceArn === task.containerInstanceArn)?.zone ?? '?';
    const target = taskUrl(task);
    if (!target) {
      failed++;
      say(`  ✘ ${task.taskArn} (${zone}): no host port binding reported`);
      continue;
    }
    taskIds.push(target.taskId);
    const check = await checkWelcomePage(target.url);
    if (!check.ok) failed++;
    say(`  ${check.ok ? '✔' : '✘'} ${target.taskId}  ${zone.padEnd(10)} ${target.url.padEnd(26)} ${check.detail}`);
  }
  return { taskIds, failed };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`✘ ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);

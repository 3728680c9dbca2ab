/**
 * `npm run demo [-- --endpoint URL --cluster NAME --lb-port N]`: the ECS
 * getting-started walkthrough against a running `npm start`, with the stock
 * AWS SDK: register a web-server task definition, put a local Application
 * Load Balancer in front (target group, load balancer, listener on a real
 * port), run the web server as a service of 3 behind it, spread over the
 * container instances, wait until it is stable and its targets healthy, send
 * requests through the one URL and show which task answered each, open each
 * task's own URL, and print the commands to look around.
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
import { DEMO_FAMILY, servedBy, WEB_CONTAINER, webTaskDefinition, type WebDriver } from './walkthrough/web-task-definition.js';
import { ensureLoadBalancer, localElbClient, type LocalLoadBalancer } from './walkthrough/load-balancer.js';
import { waitUntilTargetInService } from '@aws-sdk/client-elastic-load-balancing-v2';

const SERVICE = 'berth-demo';
const DESIRED = 3;
/** Requests sent through the load balancer to show the spread. */
const SPREAD_REQUESTS = 9;
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
      'lb-port': { type: 'string', default: process.env.BERTH_DEMO_LB_PORT ?? '8080' },
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

  const elb = localElbClient(endpoint);
  const lb = await ensureLoadBalancer(elb, { name: SERVICE, port: Number(values['lb-port']) });
  say(`▸ load balancer ${SERVICE}: listener ${lb.url} → target group ${lb.targetGroupArn.split(':').pop()}`);
  say('  (health checks every 5 s on /health, 2 to turn healthy; deregistered tasks drain 5 s)');

  const started = Date.now();
  say(
    `▸ ${(await deploy(ecs, cluster, tdName, lb)) ? 'created' : 'updated'} service ${SERVICE} (desired ${DESIRED}) behind it; waiting until it is stable…`,
  );
  const report = progressReporter(started);
  const stable = await waitServiceStable(ecs, cluster, SERVICE, { timeoutMs: 180_000, onPoll: report });
  say(`✔ stable after ${((Date.now() - started) / 1000).toFixed(1)} s: ${progressLine(stable)}`);
  await waitUntilTargetInService({ client: elb, maxWaitTime: 120, minDelay: 1, maxDelay: 2 }, { TargetGroupArn: lb.targetGroupArn });
  await waitServiceStable(ecs, cluster, SERVICE, { timeoutMs: 60_000, onPoll: report });
  say(`✔ every target healthy in the target group after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const checked = await checkTasks(ecs, cluster, instances);
  const spread = await checkSpread(ecs, cluster, lb);
  say('\nLook around (stock AWS CLI):');
  for (const cmd of inspectCommands({ endpoint, cluster, service: SERVICE, taskIds: checked.taskIds, targetGroupArn: lb.targetGroupArn }))
    say(`  ${cmd}`);
  say(`\n  The service's one URL: ${lb.url}`);
  if (checked.failed) say(`\n✘ ${checked.failed} task(s) did not answer with the welcome page: see \`npm run logs -- <task id>\``);
  if (!spread) say(`\n✘ requests through ${lb.url} did not reach all ${DESIRED} tasks`);
  return checked.failed || !spread ? 1 : 0;
}

/** Sends requests through the listener and shows which task served each: all of them should answer. */
async function checkSpread(ecs: ECSClient, cluster: string, lb: LocalLoadBalancer): Promise<boolean> {
  const { taskArns } = await ecs.send(new ListTasksCommand({ cluster, serviceName: SERVICE }));
  const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns }));
  const taskOf = (who: ReturnType<typeof servedBy>) =>
    tasks?.find((t) => {
      const web = t.containers?.find((c) => c.name === WEB_CONTAINER);
      return who?.container ? web?.runtimeId?.startsWith(who.container) : web?.networkBindings?.some((b) => b.hostPort === who?.hostPort);
    });
  say(`\nThrough the load balancer, ${lb.url}:`);
  const answered = new Map<string, number>();
  for (let i = 1; i <= SPREAD_REQUESTS; i++) {
    let line: string;
    try {
      const res = await fetch(lb.url, { signal: AbortSignal.timeout(5000) });
      const task = taskOf(servedBy(await res.text()));
      const id = task?.taskArn?.split('/').pop() ?? '?';
      if (res.status === 200) answered.set(id, (answered.get(id) ?? 0) + 1);
      line = `HTTP ${res.status} from task ${id}`;
    } catch (err) {
      line = `no answer (${(err as Error).message})`;
    }
    say(`  ${String(i).padStart(2)}. ${line}`);
  }
  const all = answered.size === DESIRED && !answered.has('?');
  say(
    `  ${all ? '✔' : '✘'} ${[...answered.values()].reduce((a, b) => a + b, 0)}/${SPREAD_REQUESTS} answered, by ${answered.size} task(s), round robin`,
  );
  return all;
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
async function deploy(ecs: ECSClient, cluster: string, taskDefinition: string, lb: LocalLoadBalancer): Promise<boolean> {
  const loadBalancers = [{ targetGroupArn: lb.targetGroupArn, containerName: WEB_CONTAINER, containerPort: 80 }];
  let existing: Service | undefined;
  try {
    existing = await describeService(ecs, cluster, SERVICE);
  } catch {
    existing = undefined; // missing, or deleted and draining away: create it anew
  }
  if (existing) {
    await ecs.send(
      new UpdateServiceCommand({
        cluster,
        service: SERVICE,
        taskDefinition,
        desiredCount: DESIRED,
        placementStrategy: SPREAD,
        loadBalancers,
      }),
    );
    return false;
  }
  await ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: SERVICE,
      taskDefinition,
      desiredCount: DESIRED,
      placementStrategy: SPREAD,
      loadBalancers,
    }),
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

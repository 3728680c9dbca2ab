/**
 * `npm start`: Berth's control plane on this machine.
 *   --port N        API port (default 3000, env BERTH_PORT)
 *   --in-memory     DynamoDB Local without persistence (env BERTH_IN_MEMORY=1)
 *   --data-dir DIR  where DynamoDB Local keeps its data (default .berth/dynamodb)
 *   --instances N   local container instances in cluster `default` (default 3, env BERTH_LOCAL_INSTANCES; 0 = none)
 *   --no-default-credentials  do not create the admin credential test/test
 * Ctrl-C stops the agents (their tasks keep running, as with ECS), then every child process.
 */
import { parseArgs } from 'node:util';
import { ensureConsole } from '../../console/build.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dynamicPortSlice } from './local-agents.js';
import { LOCAL_CLUSTER, startLocalCluster, type LocalCluster } from './local-cluster.js';
import { portInUse } from './ports.js';
import { startLocalStack } from './stack.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.BERTH_PORT ?? '3000' },
    'in-memory': { type: 'boolean', default: process.env.BERTH_IN_MEMORY === '1' },
    'data-dir': { type: 'string', default: process.env.BERTH_DATA_DIR ?? join(root, '.berth', 'dynamodb') },
    instances: { type: 'string', default: process.env.BERTH_LOCAL_INSTANCES ?? '3' },
    verbose: { type: 'boolean', default: false },
    'no-default-credentials': { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
const lambdaPort = Number(process.env.BERTH_LAMBDA_PORT ?? port + 2);
const dynamoPort = Number(process.env.BERTH_DYNAMODB_PORT ?? 8000);
const instances = Number(values.instances);
const agentsDir = join(root, '.berth', 'agents');
const log = (line: string) => console.log(line);

async function main() {
  if (!Number.isInteger(instances) || instances < 0) {
    console.error(`--instances (BERTH_LOCAL_INSTANCES) must be a whole number, not ${JSON.stringify(values.instances)}`);
    process.exit(2);
  }
  for (const [what, p] of [
    ['API', port],
    ['Lambda', lambdaPort],
    ['DynamoDB Local', dynamoPort],
  ] as const) {
    if (await portInUse(p)) {
      console.error(
        `Port ${p} (${what}) is already in use: is Berth already running? Check http://127.0.0.1:${port}, or choose other ports with --port / BERTH_DYNAMODB_PORT.`,
      );
      process.exit(1);
    }
  }
  const started = Date.now();
  const stack = await startLocalStack({
    port,
    lambdaPort,
    dynamoPort,
    dataDir: values['in-memory'] ? undefined : values['data-dir'],
    twinStateDir: values['in-memory'] ? undefined : join(root, '.berth', 'twins'),
    tableName: process.env.BERTH_TABLE ?? 'berth',
    consoleDir: await ensureConsole(log),
    secretsKeyFile: join(root, '.berth', 'secret.key'),
    defaultCredentials: !values['no-default-credentials'],
    log,
    onOfflineOutput: values.verbose
      ? (line) => console.log(`  [offline] ${line}`)
      : (line) => {
          if (/"level":"error"|Error/.test(line)) console.log(`  [offline] ${line}`);
        },
  });
  // Signals are handled from here on: agents run in their own process groups, so a Ctrl-C while they start must still stop them.
  const clusterStarting = startLocalCluster({
    endpoint: stack.endpoint,
    instances,
    stateRoot: agentsDir,
    metricPeriodSeconds: stack.metricPeriodSeconds,
    env: stack.env,
    security: stack.security,
    log,
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n▸ ${signal}: stopping`);
    const running = await clusterStarting.catch(() => undefined);
    if (running?.agents.agents.length) {
      console.log('▸ stopping the local agents (their tasks keep running)…');
      await running.agents.stop('SIGTERM');
    }
    console.log('▸ stopping serverless-offline and DynamoDB Local…');
    await stack.stop();
    console.log('▸ stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  let cluster: LocalCluster;
  try {
    cluster = await clusterStarting;
  } catch (err) {
    if (stopping) return;
    await stack.stop();
    throw err;
  }
  if (stopping) return;
  console.log(`
✔ Berth is running (${((Date.now() - started) / 1000).toFixed(1)} s)

  ECS API endpoint:  ${stack.endpoint}   (also Application Auto Scaling and the local CloudWatch)
  Web console:       ${stack.endpoint}/console/
  DynamoDB Local:    ${stack.dynamodbEndpoint}${values['in-memory'] ? ' (in memory)' : ` (data in ${values['data-dir']})`}

${instancesBanner(cluster)}

${credentialsBanner()}
    export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
    aws ecs list-container-instances --cluster ${LOCAL_CLUSTER} --endpoint-url ${stack.endpoint}
    aws ecs create-cluster --cluster-name demo --endpoint-url ${stack.endpoint}
    aws ecs list-clusters --endpoint-url ${stack.endpoint}
    aws elbv2 describe-load-balancers --endpoint-url ${stack.endpoint}   # local Application Load Balancers
    npm run demo                                                        # a web service of 3 behind a load balancer

${autoscalingBanner(stack.endpoint, stack.metricPeriodSeconds)}

  Press Ctrl-C to stop.
`);
}

/** Service autoscaling with the stock CLI: the same endpoint serves Application Auto Scaling and the local CloudWatch. */
function autoscalingBanner(endpoint: string, period: number): string {
  const e = `--endpoint-url ${endpoint}`;
  const target = '--service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id service/default/<service>';
  const quick = period > 10 ? '; BERTH_METRIC_PERIOD_SECONDS=10 npm start for a quick demo' : '';
  return [
    `  Autoscale a service (metric period ${period} s${quick}):`,
    `    aws application-autoscaling register-scalable-target ${target} --min-capacity 1 --max-capacity 4 ${e}`,
    `    aws application-autoscaling put-scaling-policy ${target} --policy-name cpu50 --policy-type TargetTrackingScaling \\`,
    `      --target-tracking-scaling-policy-configuration '{"TargetValue":50,"PredefinedMetricSpecification":{"PredefinedMetricType":"ECSServiceAverageCPUUtilization"}}' ${e}`,
    `    aws application-autoscaling describe-scaling-activities --service-namespace ecs ${e}`,
    `    aws cloudwatch describe-alarms ${e}`,
  ].join('\n');
}

function credentialsBanner(): string {
  const others = `Every request is SigV4-verified. Other keys: npx berth credentials create --name ci --policy read-only (or admin, or a policy file); npx berth credentials list|revoke.`;
  return values['no-default-credentials']
    ? `  ${others}\n  (--no-default-credentials: test/test was not created; the commands below need a key of yours.)\n  Try it:`
    : `  Credentials: test/test (admin). ${others}\n  Try it:`;
}

function instancesBanner({ driver, agents }: LocalCluster): string {
  if (agents.agents.length === 0) return `  Cluster ${LOCAL_CLUSTER}: no container instances (--instances 0)`;
  const rows = agents.agents.map(
    (a) =>
      `    agent-${a.index}  ${a.zone}  ${driver}  host ports ${dynamicPortSlice(a.index)}  ${a.containerInstanceArn.split('/').pop()}`,
  );
  return `  Cluster ${LOCAL_CLUSTER}, ${agents.agents.length} container instances (logs and state in ${agentsDir}/agent-<i>):\n${rows.join('\n')}`;
}

main().catch((err) => {
  console.error(`✘ ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});

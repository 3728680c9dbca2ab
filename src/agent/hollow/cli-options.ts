/** Command line of the hollow fleet CLI → fleet options. Flags win over HOLLOW_* environment variables. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { attribute, CliUsageError, positiveInt, wholeNumber } from '../cli-flags.js';
import { HOLLOW_ENV, parseBehavior } from './hollow-behavior.js';
import { DEFAULT_ZONES, type HollowFleetOptions } from './fleet.js';

export const HOLLOW_USAGE = `Usage: npx tsx src/agent/hollow/cli.ts [options]

Runs N simulated (hollow) container instances in this process. Each registers
with the control plane and polls it like a real Berth agent, but only pretends
to run containers.

  --endpoint URL           ECS API endpoint (default http://127.0.0.1:3000)
  --cluster NAME           cluster to join (default "default")
  --join-token TOKEN       lets the instances join the cluster (env BERTH_JOIN_TOKEN; \`npx berth join-token create\`)
  --count N                number of instances (default 10)
  --zones A,B,C            availability zones, round robin (default ${DEFAULT_ZONES.join(',')})
  --cpu UNITS              CPU units per instance (default 2048)
  --memory MIB             memory per instance (default 3800)
  --instance-type TYPE     ecs.instance-type attribute (default t3.medium)
  --attribute NAME=VALUE   extra attribute, repeatable
  --poll-interval-ms MS    poll interval until the control plane sets one (default 1000)
  --state-dir DIR          per-instance state (default ~/.berth/hollow/<cluster>)
  --seed N                 randomness seed (default 1)
  --stagger-ms MS          delay between agent starts (default 10)
  --verbose                agents' JSON log lines on stdout too (they always go to <state-dir>/hollow-<i>/agent.log)

Simulated containers (fleet defaults; a task definition overrides them with
the same names as container environment variables):
  --start-delay-ms MS      ${HOLLOW_ENV.startDelayMs}
  --start-jitter-ms MS     ${HOLLOW_ENV.startJitterMs}
  --fail-rate P            ${HOLLOW_ENV.failRate} (0-1)
  --exit-after-ms MS       ${HOLLOW_ENV.exitAfterMs} (or "never")
  --exit-code N            ${HOLLOW_ENV.exitCode}
  --health STATUS          ${HOLLOW_ENV.health} (HEALTHY | UNHEALTHY)
  --health-delay-ms MS     ${HOLLOW_ENV.healthDelayMs}
  --stop-delay-ms MS       ${HOLLOW_ENV.stopDelayMs}
`;

const BEHAVIOR_FLAGS = {
  'start-delay-ms': HOLLOW_ENV.startDelayMs,
  'start-jitter-ms': HOLLOW_ENV.startJitterMs,
  'fail-rate': HOLLOW_ENV.failRate,
  'exit-after-ms': HOLLOW_ENV.exitAfterMs,
  'exit-code': HOLLOW_ENV.exitCode,
  health: HOLLOW_ENV.health,
  'health-delay-ms': HOLLOW_ENV.healthDelayMs,
  'stop-delay-ms': HOLLOW_ENV.stopDelayMs,
} as const;

/** Fleet options, or 'help'. Throws CliUsageError on a bad flag or value. */
export function parseCliOptions(argv: string[], env: Readonly<Record<string, string | undefined>>): HollowFleetOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        endpoint: { type: 'string', default: 'http://127.0.0.1:3000' },
        cluster: { type: 'string', default: 'default' },
        'join-token': { type: 'string' },
        count: { type: 'string', default: '10' },
        zones: { type: 'string' },
        cpu: { type: 'string', default: '2048' },
        memory: { type: 'string', default: '3800' },
        'instance-type': { type: 'string', default: 't3.medium' },
        attribute: { type: 'string', multiple: true, default: [] },
        'poll-interval-ms': { type: 'string', default: '1000' },
        'state-dir': { type: 'string' },
        seed: { type: 'string', default: '1' },
        'stagger-ms': { type: 'string', default: '10' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        ...Object.fromEntries(Object.keys(BEHAVIOR_FLAGS).map((k) => [k, { type: 'string' as const }])),
      },
    }));
  } catch (err) {
    throw new CliUsageError((err as Error).message);
  }
  if (values.help) return 'help';

  // Flags are validated exactly like the environment variables they stand for.
  const vars: Record<string, string | undefined> = { ...env };
  for (const [flag, name] of Object.entries(BEHAVIOR_FLAGS)) {
    const v = (values as Record<string, unknown>)[flag];
    if (typeof v === 'string') vars[name] = v;
  }
  const { behavior, errors } = parseBehavior(vars);
  if (errors.length > 0) throw new CliUsageError(errors.join('\n'));

  const cluster = values.cluster!;
  return {
    endpoint: values.endpoint!,
    cluster,
    joinToken: values['join-token'] ?? (env.BERTH_JOIN_TOKEN || undefined),
    count: positiveInt('--count', values.count!),
    zones: values.zones
      ? values.zones
          .split(',')
          .map((z) => z.trim())
          .filter(Boolean)
      : DEFAULT_ZONES,
    cpu: positiveInt('--cpu', values.cpu!),
    memory: positiveInt('--memory', values.memory!),
    instanceType: values['instance-type']!,
    attributes: Object.fromEntries(values.attribute!.map(attribute)),
    pollIntervalMs: positiveInt('--poll-interval-ms', values['poll-interval-ms']!),
    stateDir: values['state-dir'] ?? join(homedir(), '.berth', 'hollow', cluster),
    seed: wholeNumber('--seed', values.seed!),
    staggerMs: wholeNumber('--stagger-ms', values['stagger-ms']!),
    behavior,
    logToStdout: values.verbose,
  };
}

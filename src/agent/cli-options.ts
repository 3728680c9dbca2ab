/** Command line of `berth-agent` → the options of one host agent. */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DYNAMIC_PORT_MAX, DYNAMIC_PORT_MIN, ECS_LOG_DRIVERS, formatPortSlice, parsePortSlice } from '../protocol/index.js';
import { attribute, CliUsageError, oneOf, positiveInt, wholeNumber } from './cli-flags.js';
import { DEFAULT_POLL_INTERVAL_MS, DEFAULT_USAGE_INTERVAL_MS, type AgentTransport } from './control-loop/agent.js';
import type { LogLevel } from '../logging/logger.js';
import { DEFAULT_MEMORY_RESERVE_MIB, RESERVED_ATTRIBUTE_PREFIXES } from './host-resources.js';

export const DRIVER_CHOICES = ['auto', 'docker', 'process'] as const;
export type DriverChoice = (typeof DRIVER_CHOICES)[number];
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export const AGENT_USAGE = `Usage: berth-agent [options]     (from a checkout: npm run agent -- [options])

Turns this host into a container instance of a Berth cluster: registers it,
then runs the tasks the control plane assigns on Docker Engine (or as host
processes when there is no Docker). SIGTERM / Ctrl-C stops the agent and
leaves its tasks running; the next start re-registers the same instance and
adopts them.

  --endpoint URL              ECS API endpoint (default http://127.0.0.1:3000)
  --cluster NAME              cluster to join (default "default"; it must exist)
  --join-token TOKEN          lets this host join the cluster the first time (env BERTH_JOIN_TOKEN; create one
                              with \`npx berth join-token create --cluster NAME\`); the instance then keeps its own
                              credential in <state-dir>/credentials.json (0600) and needs no token again
  --driver auto|docker|process
                              container runtime (default auto: Docker when Docker Engine answers, else process)
  --state-dir DIR             identity, unsent reports, agent.log and process-driver state
                              (default ~/.berth/agent/<cluster>)
  --zone ZONE                 ecs.availability-zone attribute (default "local")
  --instance-type TYPE        ecs.instance-type attribute (default "local")
  --attribute NAME=VALUE      custom attribute, repeatable (not ecs.* or berth.*)
  --dynamic-ports MIN-MAX     this instance's slice of the dynamic host ports
                              (${DYNAMIC_PORT_MIN}-${DYNAMIC_PORT_MAX}), for several instances on one host
  --ec2-instance-id ID|imds   the EC2 instance this host is: registered with its instance
                              identity document, so the control plane matches the host to its
                              Auto Scaling group (imds: read it from the instance metadata service)
  --logging-drivers LIST      the Docker logging drivers tasks may use here, comma-separated (like the ECS agent's
                              ECS_AVAILABLE_LOGGING_DRIVERS; default: every ECS logging driver Docker Engine has)
  --cpu UNITS                 CPU to offer (default 1024 per core)
  --memory MIB                memory to offer (default: total minus --memory-reserve-mib)
  --memory-reserve-mib MIB    memory kept for the OS and Docker (default ${DEFAULT_MEMORY_RESERVE_MIB})
  --transport websocket|poll  websocket (default): hold the control plane's push channel, polling over HTTP
                              only while it is down; poll: HTTP polls only (also BERTH_AGENT_TRANSPORT)
  --poll-interval-ms MS       poll interval until the control plane sets one (default ${DEFAULT_POLL_INTERVAL_MS})
  --usage-interval-ms MS      how often task CPU/memory usage rides along with a poll (default ${DEFAULT_USAGE_INTERVAL_MS})
  --log-level LEVEL           debug | info | warn | error (default info)
  -h, --help                  this text
`;

export interface AgentCliOptions {
  endpoint: string;
  cluster: string;
  joinToken?: string;
  driver: DriverChoice;
  stateDir: string;
  zone: string;
  instanceType: string;
  attributes: Record<string, string>;
  /** Advertised instead of every ECS logging driver the Engine has. */
  loggingDrivers?: string[];
  /** Normalized `MIN-MAX`. */
  dynamicPorts?: string;
  /** An EC2 instance id, or 'imds' to read the identity document from the instance metadata service. */
  ec2InstanceId?: string;
  cpu?: number;
  memory?: number;
  memoryReserveMib: number;
  transport: AgentTransport;
  pollIntervalMs: number;
  usageIntervalMs: number;
  logLevel: LogLevel;
}

const TRANSPORTS = ['websocket', 'poll'] as const satisfies readonly AgentTransport[];

/** Agent options, or 'help'. Throws CliUsageError on a bad flag or value. `home` roots the default state dir. */
export function parseAgentOptions(argv: string[], home: string, env: NodeJS.ProcessEnv = {}): AgentCliOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        endpoint: { type: 'string', default: 'http://127.0.0.1:3000' },
        cluster: { type: 'string', default: 'default' },
        'join-token': { type: 'string' },
        driver: { type: 'string', default: 'auto' },
        'state-dir': { type: 'string' },
        zone: { type: 'string', default: 'local' },
        'instance-type': { type: 'string', default: 'local' },
        attribute: { type: 'string', multiple: true, default: [] },
        'dynamic-ports': { type: 'string' },
        'logging-drivers': { type: 'string' },
        'ec2-instance-id': { type: 'string' },
        cpu: { type: 'string' },
        memory: { type: 'string' },
        'memory-reserve-mib': { type: 'string', default: String(DEFAULT_MEMORY_RESERVE_MIB) },
        transport: { type: 'string' },
        'poll-interval-ms': { type: 'string', default: String(DEFAULT_POLL_INTERVAL_MS) },
        'usage-interval-ms': { type: 'string', default: String(DEFAULT_USAGE_INTERVAL_MS) },
        'log-level': { type: 'string', default: 'info' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new CliUsageError((err as Error).message);
  }
  if (values.help) return 'help';

  const cluster = nonEmpty('--cluster', values.cluster!);
  return {
    endpoint: nonEmpty('--endpoint', values.endpoint!),
    cluster,
    joinToken: values['join-token'] ?? (env.BERTH_JOIN_TOKEN || undefined),
    driver: oneOf('--driver', values.driver!, DRIVER_CHOICES),
    stateDir: values['state-dir'] ?? join(home, '.berth', 'agent', cluster),
    zone: nonEmpty('--zone', values.zone!),
    instanceType: nonEmpty('--instance-type', values['instance-type']!),
    attributes: Object.fromEntries(values.attribute!.map(customAttribute)),
    dynamicPorts: values['dynamic-ports'] === undefined ? undefined : portSlice(values['dynamic-ports']),
    ...(values['logging-drivers'] === undefined ? {} : { loggingDrivers: loggingDrivers(values['logging-drivers']) }),
    ...(values['ec2-instance-id'] === undefined ? {} : { ec2InstanceId: ec2InstanceId(values['ec2-instance-id']) }),
    cpu: values.cpu === undefined ? undefined : positiveInt('--cpu', values.cpu),
    memory: values.memory === undefined ? undefined : positiveInt('--memory', values.memory),
    memoryReserveMib: wholeNumber('--memory-reserve-mib', values['memory-reserve-mib']!),
    transport: oneOf('--transport', values.transport ?? (env.BERTH_AGENT_TRANSPORT || 'websocket'), TRANSPORTS),
    pollIntervalMs: positiveInt('--poll-interval-ms', values['poll-interval-ms']!),
    usageIntervalMs: positiveInt('--usage-interval-ms', values['usage-interval-ms']!),
    logLevel: oneOf('--log-level', values['log-level']!, LOG_LEVELS),
  };
}

function nonEmpty(flag: string, raw: string): string {
  if (raw.trim() === '') throw new CliUsageError(`${flag} must not be empty`);
  return raw;
}

function customAttribute(raw: string): [string, string] {
  const [name, value] = attribute(raw);
  if (RESERVED_ATTRIBUTE_PREFIXES.some((p) => name.startsWith(p))) {
    throw new CliUsageError(
      `--attribute ${name}: ${RESERVED_ATTRIBUTE_PREFIXES.join(' and ')} attributes are the agent's own (see --zone, --instance-type, --dynamic-ports)`,
    );
  }
  return [name, value];
}

function loggingDrivers(raw: string): string[] {
  const drivers = [...new Set(raw.split(',').map((d) => d.trim()))].filter((d) => d !== '');
  for (const d of drivers) oneOf('--logging-drivers', d, ECS_LOG_DRIVERS);
  return drivers;
}

function ec2InstanceId(raw: string): string {
  if (raw === 'imds' || /^i-[0-9a-f]{8,17}$/.test(raw)) return raw;
  throw new CliUsageError(`--ec2-instance-id must be an EC2 instance id (i-0123456789abcdef0) or imds, not ${JSON.stringify(raw)}`);
}

function portSlice(raw: string): string {
  const slice = parsePortSlice(raw.trim());
  if (!slice) {
    throw new CliUsageError(`--dynamic-ports must be MIN-MAX within ${DYNAMIC_PORT_MIN}-${DYNAMIC_PORT_MAX}, not ${JSON.stringify(raw)}`);
  }
  return formatPortSlice(slice);
}

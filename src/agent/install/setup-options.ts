/**
 * Command line of `berth-agent install` and `berth-agent user-data` → what a
 * host's setup needs. Pure: every refusal is a CliUsageError raised before
 * anything is read from or written to the host.
 */
import { isAbsolute } from 'node:path';
import { parseArgs } from 'node:util';
import { CliUsageError } from '../cli-flags.js';
import { parseAgentOptions } from '../cli-options.js';

export const DEFAULT_STATE_DIR = '/var/lib/berth-agent';

export const SETUP_USAGE = `Usage: berth-agent install   --endpoint URL --cluster NAME (--join-token TOKEN | --join-token-file FILE) [options] [-- agent options]
       berth-agent user-data --endpoint URL --cluster NAME (--join-token TOKEN | --join-token-file FILE) [options] [-- agent options]

install     makes this host a container instance for good: copies this bundle to
            /usr/local/lib/berth/berth-agent.mjs, writes /etc/berth/agent.env (0600:
            endpoint, cluster, state dir, join token) and the systemd unit
            /etc/systemd/system/berth-agent.service, then enables and (re)starts it.
user-data   prints a cloud-init user-data script (EC2 launch templates, Auto Scaling
            groups) that installs Docker and Node.js 20, fetches this control plane's
            agent from <endpoint>/agent/v1/berth-agent.mjs and runs install with the
            instance's availability zone and instance type.

  --endpoint URL           the control plane's API URL (http:// or https://)
  --cluster NAME           the cluster this host joins (it must exist)
  --join-token TOKEN       lets the host join the cluster the first time (or env BERTH_JOIN_TOKEN)
  --join-token-file FILE   the same, read from FILE (- or /dev/stdin: standard input)
  --state-dir DIR          the agent's state on the host (default ${DEFAULT_STATE_DIR})
  --root DIR               install: write under DIR instead of / (an image being built, a test);
                           the unit is enabled there but not started
  --node PATH              install: the Node.js 20+ that runs the agent (default: this one)
  --no-start               install: write and enable the unit, do not start it
  -h, --help               this text

Agent options after -- (--zone, --instance-type, --attribute, --driver, …) are
checked as berth-agent checks them and go into the unit's command line.
`;

/** The agent's flags that setup writes into the host's configuration itself. */
const OWN_AGENT_FLAGS = ['--endpoint', '--cluster', '--state-dir', '--join-token'];

export interface SetupOptions {
  endpoint: string;
  cluster: string;
  joinToken: string;
  stateDir: string;
  root: string;
  node: string;
  start: boolean;
  /** Extra agent flags, validated, in order. */
  agentArgs: string[];
}

export interface SetupEnvironment {
  env: NodeJS.ProcessEnv;
  /** The Node.js running this command. */
  execPath: string;
  /** A file's text; `-` is standard input. */
  readFile(path: string): string;
}

/** Options, or 'help'. Throws CliUsageError on anything missing or malformed. */
export function parseSetupOptions(argv: string[], host: SetupEnvironment): SetupOptions | 'help' {
  const split = argv.indexOf('--');
  const own = split < 0 ? argv : argv.slice(0, split);
  const agentArgs = split < 0 ? [] : argv.slice(split + 1);
  let values;
  try {
    ({ values } = parseArgs({
      args: own,
      strict: true,
      allowPositionals: false,
      options: {
        endpoint: { type: 'string' },
        cluster: { type: 'string' },
        'join-token': { type: 'string' },
        'join-token-file': { type: 'string' },
        'state-dir': { type: 'string', default: DEFAULT_STATE_DIR },
        root: { type: 'string', default: '/' },
        node: { type: 'string' },
        'no-start': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new CliUsageError((err as Error).message);
  }
  if (values.help) return 'help';

  const endpoint = httpUrl(required('--endpoint', values.endpoint));
  const cluster = required('--cluster', values.cluster);
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(cluster)) {
    throw new CliUsageError(
      `--cluster must be a cluster name (up to 255 letters, digits, hyphens and underscores), not ${JSON.stringify(cluster)}`,
    );
  }
  const stateDir = absolutePath('--state-dir', values['state-dir']!);
  return {
    endpoint,
    cluster,
    joinToken: joinToken(values['join-token'], values['join-token-file'], host),
    stateDir,
    root: absolutePath('--root', values.root!),
    node: absolutePath('--node', values.node ?? host.execPath),
    start: !values['no-start'],
    agentArgs: checkedAgentArgs(agentArgs, { endpoint, cluster, stateDir }),
  };
}

function required(flag: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new CliUsageError(`${flag} is required`);
  return value;
}

function httpUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliUsageError(`--endpoint must be an http:// or https:// URL, not ${JSON.stringify(raw)}`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || /\s/.test(raw)) {
    throw new CliUsageError(`--endpoint must be an http:// or https:// URL without credentials, not ${JSON.stringify(raw)}`);
  }
  return raw.replace(/\/+$/, '');
}

/** Absolute, and nothing a unit file or a shell line would read differently (no whitespace, quotes, $, %, backslashes). */
function absolutePath(flag: string, raw: string): string {
  if (!isAbsolute(raw) || !/^[A-Za-z0-9/._+@:-]+$/.test(raw)) {
    throw new CliUsageError(`${flag} must be an absolute path of letters, digits and / . _ + @ : -, not ${JSON.stringify(raw)}`);
  }
  return raw.length > 1 ? raw.replace(/\/+$/, '') : raw;
}

function joinToken(flag: string | undefined, file: string | undefined, host: SetupEnvironment): string {
  if (flag !== undefined && file !== undefined) throw new CliUsageError('give --join-token or --join-token-file, not both');
  let token = flag;
  if (file !== undefined) {
    try {
      token = host.readFile(file === '/dev/stdin' ? '-' : file).trim();
    } catch (err) {
      throw new CliUsageError(`--join-token-file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  token ??= host.env.BERTH_JOIN_TOKEN || undefined;
  if (token === undefined || token === '') {
    throw new CliUsageError(
      'a join token is required (--join-token, --join-token-file or env BERTH_JOIN_TOKEN): it is how this host proves it may join the cluster',
    );
  }
  if (!/^[A-Za-z0-9._~+/=-]{1,4096}$/.test(token))
    throw new CliUsageError('the join token has characters no join token has (whitespace, quotes, …)');
  return token;
}

/** Agent flags after `--`: parsed as the agent parses them (so the service does not fail at its first start), minus the ones setup owns. */
function checkedAgentArgs(args: string[], own: { endpoint: string; cluster: string; stateDir: string }): string[] {
  const taken = args.find((a) => OWN_AGENT_FLAGS.some((f) => a === f || a.startsWith(`${f}=`)));
  if (taken) throw new CliUsageError(`${taken.split('=')[0]} is setup's own option: give it before --, not after`);
  const bad = args.find((a) => /[\n\r\0]/.test(a));
  if (bad !== undefined) throw new CliUsageError(`agent option ${JSON.stringify(bad)} has a line break`);
  if (args.includes('--help') || args.includes('-h')) throw new CliUsageError('--help is not an agent option to install');
  try {
    parseAgentOptions([...args, '--endpoint', own.endpoint, '--cluster', own.cluster, '--state-dir', own.stateDir], '/nonexistent');
  } catch (err) {
    if (err instanceof CliUsageError) throw new CliUsageError(`agent options after --: ${err.message}`);
    throw err;
  }
  return args;
}

/**
 * `npm run logs -- <task id or ARN> [--container NAME] [--tail N] [--cluster NAME]
 *                 [--endpoint URL] [--agents DIR]`
 * A task's container logs, whichever local agent runs it — what the ECS
 * walkthrough's troubleshooting does with `docker logs` and the agent log.
 * The logs go to stdout, where they came from to stderr, so the output pipes cleanly.
 */
import { parseArgs } from 'node:util';
import { CliUsageError, wholeNumber } from '../../src/agent/cli-flags.js';
import { agentLogPath, DEFAULT_AGENTS_ROOT } from './walkthrough/agent-state-dirs.js';
import { DEFAULT_ENDPOINT, localEcsClient, requireEndpoint } from './walkthrough/local-ecs.js';
import { taskLogs } from './walkthrough/task-logs.js';

const USAGE = `usage: npm run logs -- <task id or ARN> [--container NAME] [--tail N] [--cluster NAME] [--endpoint URL] [--agents DIR]
  --cluster   the task's cluster when given by id (default: default)
  --endpoint  the Berth ECS endpoint (default: ${DEFAULT_ENDPOINT})
  --agents    where the local agents keep their state (default: .berth/agents)
`;

const note = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        container: { type: 'string' },
        tail: { type: 'string' },
        cluster: { type: 'string', default: 'default' },
        endpoint: { type: 'string', default: process.env.BERTH_ENDPOINT ?? DEFAULT_ENDPOINT },
        agents: { type: 'string', default: DEFAULT_AGENTS_ROOT },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (args.values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (args.positionals.length !== 1) throw new CliUsageError('give exactly one task id or ARN');
  } catch (err) {
    note(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  const tail = values.tail !== undefined ? wholeNumber('--tail', values.tail) : undefined;
  const endpoint = values.endpoint.replace(/\/+$/, '');
  await requireEndpoint(endpoint);
  const logs = await taskLogs(localEcsClient(endpoint), {
    task: positionals[0],
    cluster: values.cluster,
    container: values.container,
    tail,
    agentsRoot: values.agents,
  });
  note(`▸ task ${logs.task.taskArn} (${logs.task.lastStatus}${logs.task.stoppedReason ? `: ${logs.task.stoppedReason}` : ''})`);
  note(`  on container instance ${logs.task.containerInstanceArn} (${logs.driver} driver)`);
  note(
    logs.agentStateDir
      ? `  agent log: ${agentLogPath(logs.agentStateDir)}`
      : `  agent log: no agent state dir under ${values.agents} names this instance (pass --agents DIR)`,
  );
  note('');
  process.stdout.write(logs.text);
  if (!logs.text) note('(no log lines yet)');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    note(`✘ ${err instanceof Error ? err.message : String(err)}`);
    process.exit(err instanceof CliUsageError ? 2 : 1);
  },
);

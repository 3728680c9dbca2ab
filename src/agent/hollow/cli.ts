/**
 * Hollow fleet CLI:
 *   npx tsx src/agent/hollow/cli.ts --endpoint http://127.0.0.1:3000 --cluster default --count 50
 * Prints progress (registered k/N, then task counts) so it never looks hung;
 * Ctrl-C stops the agents gracefully, a second Ctrl-C exits at once.
 */
import { CliUsageError } from '../cli-flags.js';
import { parseCliOptions, HOLLOW_USAGE } from './cli-options.js';
import { startHollowFleet, type FleetStatus, type HollowFleet } from './fleet.js';

/** Status lines: at most this often, and at least every HEARTBEAT_MS even when nothing changes. */
const PROGRESS_MS = 2000;
const HEARTBEAT_MS = 30_000;

const say = (line: string) => process.stdout.write(`[hollow] ${line}\n`);

function summary(s: FleetStatus): string {
  return (
    `agents polling ${s.running}/${s.total}` +
    (s.failing ? `, ${s.failing} failing` : '') +
    ` · tasks: ${s.tasks.RUNNING} running, ${s.tasks.PENDING} pending, ${s.tasks.STOPPED} stopped` +
    ` · unsent reports ${s.pendingReports}`
  );
}

async function main(): Promise<number> {
  let opts;
  try {
    opts = parseCliOptions(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    process.stderr.write(`${err.message}\n\n${HOLLOW_USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(HOLLOW_USAGE);
    return 0;
  }

  let fleet: HollowFleet | undefined;
  let exit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  let stopping = false;
  const onSignal = (signal: string) => {
    // Still registering (perhaps retrying against a control plane that is down): nothing worth a graceful stop yet.
    if (stopping || !fleet) process.exit(130);
    stopping = true;
    say(`${signal}: stopping agents gracefully (press Ctrl-C again to exit now)`);
    void fleet.stop().then(() => exit(0));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  say(`starting ${opts.count} hollow agents → ${opts.endpoint} (cluster ${opts.cluster}, state in ${opts.stateDir})`);
  let registered = 0;
  const waiting = setInterval(() => say(`registered ${registered}/${opts.count}, waiting for the control plane…`), PROGRESS_MS);
  try {
    fleet = await startHollowFleet({
      ...opts,
      onRegistered: (k, n) => {
        registered = k;
        if (k === n || k % Math.max(1, Math.ceil(n / 10)) === 0) say(`registered ${k}/${n}`);
      },
    });
  } catch (err) {
    process.stderr.write(`[hollow] could not start the fleet: ${(err as Error).message}\n`);
    return 1;
  } finally {
    clearInterval(waiting);
  }

  let last = '';
  let lastAt = 0;
  const progress = setInterval(() => {
    const line = summary(fleet!.status());
    if (line === last && Date.now() - lastAt < HEARTBEAT_MS) return;
    say(line);
    last = line;
    lastAt = Date.now();
  }, PROGRESS_MS);
  const code = await exited;
  clearInterval(progress);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[hollow] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

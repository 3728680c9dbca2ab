/** `berth-agent install …` and `berth-agent user-data …`: exit 0 done, 2 refused input, 1 refused host. Nothing changes on a refusal. */
import { readFileSync } from 'node:fs';
import { agentVersion, bundleFile } from '../agent-version.js';
import { CliUsageError } from '../cli-flags.js';
import { InstallRefused, installOnHost } from './install-host.js';
import { parseSetupOptions, SETUP_USAGE } from './setup-options.js';
import { userDataScript } from './user-data.js';

const say = (line: string) => process.stdout.write(`[berth-agent] ${line}\n`);
const fail = (line: string) => process.stderr.write(`[berth-agent] ${line}\n`);

// Standard input is read from fd 0: opening /dev/stdin fails (ENXIO) when it is a socket, as a spawned child's pipe is.
export async function runSetupCommand(command: 'install' | 'user-data', argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseSetupOptions(argv, {
      env: process.env,
      execPath: process.execPath,
      readFile: (f) => readFileSync(f === '-' ? 0 : f, 'utf8'),
    });
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    fail(`${command}: ${err.message}; nothing was changed`);
    process.stderr.write(`\n${SETUP_USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(SETUP_USAGE);
    return 0;
  }
  if (command === 'user-data') {
    process.stdout.write(userDataScript(opts, agentVersion()));
    return 0;
  }
  try {
    installOnHost(opts, { bundleFile: bundleFile(), version: agentVersion(), isSuperuser: process.getuid?.() === 0, say });
    return 0;
  } catch (err) {
    if (!(err instanceof InstallRefused)) throw err;
    fail(`install: ${err.message}; nothing was changed`);
    return 1;
  }
}

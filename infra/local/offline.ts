import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { portInUse, waitFor } from './ports.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const slsBin = join(dirname(createRequire(import.meta.url).resolve('osls/package.json')), 'bin', 'serverless.js');

export interface Offline {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * serverless-offline (under osls) serving serverless.yml's functions: the
 * same bundles, events and schedules as on AWS, with Berth's env pointing at
 * DynamoDB Local.
 */
export async function startOffline(opts: {
  port: number;
  lambdaPort: number;
  websocketPort: number;
  env: Record<string, string>;
  onOutput?: (line: string) => void;
  onTick?: (ms: number) => void;
}): Promise<Offline> {
  const child = spawn(
    process.execPath,
    [
      slsBin,
      'offline',
      'start',
      '--httpPort',
      String(opts.port),
      '--lambdaPort',
      String(opts.lambdaPort),
      '--websocketPort',
      String(opts.websocketPort),
    ],
    {
      cwd: root,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: false,
    },
  );
  let output = '';
  let exited = false;
  const collect = (d: Buffer) => {
    const text = d.toString();
    output += text;
    for (const line of text.split('\n')) if (line.trim()) opts.onOutput?.(line);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  child.once('exit', () => (exited = true));
  await waitFor(
    'serverless-offline',
    async () => {
      if (exited) throw new Error(`serverless-offline exited during start:\n${output.slice(-4000)}`);
      return portInUse(opts.port);
    },
    90_000,
    opts.onTick,
  ).catch((err) => {
    child.kill('SIGKILL');
    throw err;
  });
  return {
    endpoint: `http://127.0.0.1:${opts.port}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

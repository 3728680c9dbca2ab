/**
 * A fresh checkout of this working tree for commands that must work "on a
 * clean clone": the tracked and untracked-but-not-ignored files copied into a
 * temporary directory (no dist/, no .serverless/, no .berth/), node_modules
 * linked as `npm ci` would have installed it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export function freshCheckout(prefix = 'berth-fresh-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      cpSync(join(repoRoot, file), join(dir, file));
    } catch (err) {
      // A file deleted in the working tree but still in the index.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The environment of a machine with no AWS credentials or configuration: no AWS_* variables, an empty home. */
export function noAwsEnvironment(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && !k.startsWith('npm_')) env[k] = v;
  return { ...env, HOME: home, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
}

/** Runs argv with no network (a network namespace of its own) where this machine allows it; says which. */
export function offlineCommand(argv: string[]): { argv: string[]; offline: boolean } {
  const probe = spawnSync('unshare', ['--net', 'true'], { stdio: 'ignore' });
  return probe.status === 0 ? { argv: ['unshare', '--net', ...argv], offline: true } : { argv, offline: false };
}

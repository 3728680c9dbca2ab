/**
 * `berth-agent install`: the single-file agent becomes a systemd service on
 * this host. Everything is checked first (the bundle, root, systemd, Node.js);
 * a refusal changes nothing. Files are replaced atomically, so installing again
 * upgrades in place.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configFile, HOST_PATHS, UNIT_NAME, unitFile } from './host-files.js';
import type { SetupOptions } from './setup-options.js';

export interface InstallHost {
  /** The running single-file bundle; undefined when running from a checkout. */
  bundleFile: string | undefined;
  version: string;
  isSuperuser: boolean;
  say(line: string): void;
}

/** A refusal: the message says what to do, and nothing was changed. */
export class InstallRefused extends Error {
  override name = 'InstallRefused';
}

const MIN_NODE_MAJOR = 20;

export function installOnHost(opts: SetupOptions, host: InstallHost): void {
  const live = opts.root === '/';
  const bundle = preflight(opts, host, live);
  const under = (path: string) => join(opts.root, path);

  writeAtomically(under(HOST_PATHS.bundle), bundle, 0o755);
  writeAtomically(under(HOST_PATHS.config), configFile(opts, host.version), 0o600);
  writeAtomically(under(HOST_PATHS.unit), unitFile(opts, host.version), 0o644);
  mkdirSync(under(opts.stateDir), { recursive: true, mode: 0o700 });
  for (const path of [HOST_PATHS.bundle, HOST_PATHS.config, HOST_PATHS.unit]) host.say(`wrote ${under(path)}`);

  if (!live) {
    // An image being built or a throwaway root: enable the unit there (links only), start nothing.
    if (hasSystemctl()) systemctl(['--root', opts.root, 'enable', UNIT_NAME]);
    host.say(`installed under ${opts.root}: ${UNIT_NAME} starts when a system boots from it`);
    return;
  }
  systemctl(['daemon-reload']);
  systemctl(['enable', UNIT_NAME]);
  if (!opts.start) {
    host.say(`enabled ${UNIT_NAME}; start it with: systemctl start berth-agent`);
    return;
  }
  // restart, not start: installing again upgrades a running agent (its tasks keep running).
  systemctl(['restart', UNIT_NAME]);
  host.say(`started ${UNIT_NAME}: follow it with journalctl -u berth-agent -f (agent log: ${join(opts.stateDir, 'agent.log')})`);
}

/** Every check that can refuse, before the first write. Returns the bundle's bytes. */
function preflight(opts: SetupOptions, host: InstallHost, live: boolean): Buffer {
  if (!host.bundleFile) {
    throw new InstallRefused('install copies the single-file agent: run `npm run build`, then `node dist/agent/berth-agent.mjs install …`');
  }
  if (live) {
    if (!host.isSuperuser) throw new InstallRefused('install writes /etc and /usr/local and manages a systemd unit: run it as root (sudo)');
    if (!hasSystemctl())
      throw new InstallRefused('systemctl was not found: this host does not run systemd (use --root DIR to prepare an image)');
    const version = spawnSync(opts.node, ['--version'], { encoding: 'utf8' });
    const major = Number(/^v(\d+)\./.exec(version.stdout ?? '')?.[1]);
    if (version.error || !(major >= MIN_NODE_MAJOR)) {
      throw new InstallRefused(
        `--node ${opts.node}: ${version.error ? 'cannot run it' : `is ${version.stdout.trim() || 'not Node.js'}`}; the agent needs Node.js ${MIN_NODE_MAJOR} or later`,
      );
    }
  } else if (!isDirectory(opts.root)) {
    throw new InstallRefused(`--root ${opts.root} is not a directory`);
  }
  return readFileSync(host.bundleFile);
}

function writeAtomically(path: string, content: string | Buffer, mode: number): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

function hasSystemctl(): boolean {
  return !spawnSync('systemctl', ['--version'], { stdio: 'ignore' }).error;
}

function systemctl(args: string[]): void {
  const run = spawnSync('systemctl', args, { encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    throw new Error(`systemctl ${args.join(' ')} failed: ${(run.stderr || run.error?.message || `exit ${run.status}`).trim()}`);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../../../src/agent/cli-flags.js';
import { configFile, HOST_PATHS, unitFile } from '../../../src/agent/install/host-files.js';
import { parseSetupOptions, type SetupEnvironment, type SetupOptions } from '../../../src/agent/install/setup-options.js';
import { userDataScript } from '../../../src/agent/install/user-data.js';
import { execStartArgv, parseEnvironmentFile, parseUnit } from '../../support/systemd-unit.js';

const host = (env: NodeJS.ProcessEnv = {}, files: Record<string, string> = {}): SetupEnvironment => ({
  env,
  execPath: '/usr/bin/node',
  readFile: (f) => {
    if (!(f in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    return files[f];
  },
});
const required = [
  '--endpoint',
  'https://abc.execute-api.eu-west-1.amazonaws.com',
  '--cluster',
  'prod',
  '--join-token',
  'bjt-0123.secret_x-y',
];
const parse = (argv: string[], h = host()) => parseSetupOptions(argv, h) as SetupOptions;
const refusal = (argv: string[], h = host()) => {
  try {
    parseSetupOptions(argv, h);
  } catch (err) {
    expect(err).toBeInstanceOf(CliUsageError);
    return (err as Error).message;
  }
  throw new Error('accepted');
};

describe('berth-agent install options', () => {
  it('refuses a missing endpoint, cluster or join token, saying what is missing', () => {
    expect(refusal(required.slice(2))).toBe('--endpoint is required');
    expect(refusal([...required.slice(0, 2), ...required.slice(4)])).toBe('--cluster is required');
    expect(refusal(required.slice(0, 4))).toMatch(/^a join token is required \(--join-token, --join-token-file or env BERTH_JOIN_TOKEN\)/);
    expect(refusal([...required.slice(0, 4), '--join-token', ''])).toMatch(/^a join token is required/);
  });

  it('refuses malformed values before anything is read or written', () => {
    const withArgs = (...extra: string[]) => refusal([...required, ...extra]);
    expect(refusal(['--endpoint', 'ftp://x', ...required.slice(2)])).toMatch(/http:\/\/ or https:\/\/ URL/);
    expect(refusal(['--endpoint', 'https://u:p@x', ...required.slice(2)])).toMatch(/without credentials/);
    expect(refusal([...required.slice(0, 2), '--cluster', 'a b', ...required.slice(4)])).toMatch(/cluster name/);
    expect(withArgs('--state-dir', 'relative/dir')).toMatch(/absolute path/);
    expect(withArgs('--state-dir', '/var/lib/with space')).toMatch(/absolute path/);
    expect(withArgs('--', '--zone')).toMatch(/^agent options after --: /);
    expect(withArgs('--', '--driver', 'kvm')).toMatch(/--driver must be one of auto, docker, process/);
    expect(withArgs('--', '--cluster', 'other')).toMatch(/--cluster is setup's own option/);
    expect(withArgs('--bogus')).toMatch(/bogus/);
    expect(refusal([...required.slice(0, 4), '--join-token', 'has space'])).toMatch(/characters no join token has/);
    expect(refusal([...required.slice(0, 4), '--join-token-file', '/nope'])).toBe('--join-token-file /nope: ENOENT');
  });

  it('takes the join token from a file or the environment, and agent options after --', () => {
    const fromFile = parse([...required.slice(0, 4), '--join-token-file', '/t'], host({}, { '/t': 'tok-from-file\n' }));
    expect(fromFile.joinToken).toBe('tok-from-file');
    expect(parse(required.slice(0, 4), host({ BERTH_JOIN_TOKEN: 'tok-env' })).joinToken).toBe('tok-env');
    const opts = parse([...required, '--', '--zone', 'eu-west-1a', '--attribute', 'team=a b']);
    expect(opts).toMatchObject({
      endpoint: required[1],
      cluster: 'prod',
      stateDir: '/var/lib/berth-agent',
      root: '/',
      node: '/usr/bin/node',
      start: true,
    });
    expect(opts.agentArgs).toEqual(['--zone', 'eu-west-1a', '--attribute', 'team=a b']);
  });
});

describe('the files install writes', () => {
  const opts = parse([...required, '--state-dir', '/srv/berth', '--', '--zone', 'us east$1%"\\', '--attribute', 'x=$HOME']);

  it('a unit whose command, read as systemd reads it, is the agent with the configuration', () => {
    const unit = parseUnit(unitFile(opts, '1.2.3'));
    const service = unit.get('Service')!;
    expect(service.get('EnvironmentFile')).toEqual([HOST_PATHS.config]);
    expect(service.get('KillMode')).toEqual(['process']);
    expect(unit.get('Install')!.get('WantedBy')).toEqual(['multi-user.target']);
    const env = parseEnvironmentFile(configFile(opts, '1.2.3'));
    expect(env).toEqual({
      BERTH_ENDPOINT: required[1],
      BERTH_CLUSTER: 'prod',
      BERTH_STATE_DIR: '/srv/berth',
      BERTH_JOIN_TOKEN: required[5],
    });
    expect(execStartArgv(service.get('ExecStart')![0], env)).toEqual([
      '/usr/bin/node',
      HOST_PATHS.bundle,
      '--endpoint',
      required[1],
      '--cluster',
      'prod',
      '--state-dir',
      '/srv/berth',
      '--zone',
      'us east$1%"\\',
      '--attribute',
      'x=$HOME',
    ]);
  });

  it.skipIf(spawnSync('systemd-analyze', ['--version']).error)('a unit systemd-analyze verify accepts without a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-unit-'));
    const file = join(dir, 'berth-agent.service');
    writeFileSync(file, unitFile({ ...opts, node: process.execPath }, '1.2.3'));
    const run = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('a user-data script bash accepts, with every value quoted', () => {
    const script = userDataScript({ ...opts, joinToken: "it's" }, '1.2.3');
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    execFileSync('bash', ['-n'], { input: script });
    expect(script).toContain(`join_token='it'\\''s'`);
    expect(script).toContain(
      `--join-token-file - -- --zone "$zone" --instance-type "$instance_type" '--zone' 'us east$1%"\\' '--attribute' 'x=$HOME'`,
    );
  });
});

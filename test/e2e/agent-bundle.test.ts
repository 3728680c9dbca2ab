/**
 * The agent as one file, as a fresh host gets it: fetched from the control
 * plane (GET /agent/v1/berth-agent.mjs), copied alone into an empty directory,
 * installed by `berth-agent install` into a throwaway root (a unit systemd
 * accepts, a 0600 configuration), then started the way systemd would start the
 * unit (its ExecStart read as systemd reads it, only the unit's environment,
 * plain Node): it registers with the local stack and runs a task on Docker
 * Engine. Also the README's deploy commands that need no AWS: the AWS CLI
 * through a named profile with endpoint_url, and the user-data script.
 */
import {
  CreateClusterCommand,
  DescribeClustersCommand,
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { AGENT_BUNDLE, buildAgentBundle } from '../../infra/agent/build-agent.js';
import { HOST_PATHS } from '../../src/agent/install/host-files.js';
import { LABEL } from '../../src/agent/runtime/docker/labels.js';
import { ensureLocalImage, TEST_IMAGE } from '../../src/agent/test-image.js';
import { describeDocker, docker, taskContainers } from '../integration/docker/docker-env.js';
import { ecsClient } from '../support/ecs-client.js';
import { joinToken } from '../support/security.js';
import { execStartArgv, parseEnvironmentFile, parseUnit } from '../support/systemd-unit.js';
import { waitUntil } from '../support/wait.js';

const ecs = ecsClient();
const run = randomUUID().slice(0, 8);
const work = mkdtempSync(join(tmpdir(), 'berth-agent-bundle-'));
const hostDir = join(work, 'host');
const root = join(work, 'root');
const stateDir = join(work, 'state');
const cluster = `bundle-e2e-${run}`;
// A real join token of the stack (what `npx berth join-token create --cluster` prints), made once the cluster exists.
let token: string;

const setup = (args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}) =>
  spawnSync(process.execPath, [join(hostDir, 'berth-agent.mjs'), ...args], {
    cwd: opts.cwd ?? hostDir,
    input: opts.input,
    encoding: 'utf8',
    env: opts.env ?? { PATH: process.env.PATH },
  });
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));

describeDocker('the agent bundle, installed as a systemd unit on a fresh host', () => {
  let agent: ChildProcess | undefined;
  const agentOutput: string[] = [];

  beforeAll(async () => {
    await buildAgentBundle(() => undefined);
    mkdirSync(hostDir, { recursive: true });
    mkdirSync(root, { recursive: true });
    await ensureLocalImage(docker);
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    token = await joinToken(cluster);
  });

  afterAll(async () => {
    if (agent && agent.exitCode === null) agent.kill('SIGKILL');
    const left = await docker.listContainers({ all: true, filters: { label: [`${LABEL.cluster}=${cluster}`] } });
    await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
    rmSync(work, { recursive: true, force: true });
  });

  it('is served by the control plane, byte for byte what npm run build made', async () => {
    // As the user-data does: curl -fsS -o berth-agent.mjs "$endpoint/agent/v1/berth-agent.mjs"
    const curl = spawnSync('curl', ['-fsS', '-o', join(hostDir, 'berth-agent.mjs'), `${inject('ecsEndpoint')}/agent/v1/berth-agent.mjs`], {
      encoding: 'utf8',
    });
    expect(curl.stderr).toBe('');
    expect(readFileSync(join(hostDir, 'berth-agent.mjs')).equals(readFileSync(AGENT_BUNDLE))).toBe(true);
    expect(readdirSync(hostDir)).toEqual(['berth-agent.mjs']);
  });

  it('install refuses a missing endpoint, cluster or join token, and changes nothing', () => {
    const endpoint = inject('ecsEndpoint');
    const cases: [string[], string][] = [
      [['--cluster', cluster, '--join-token', token], '--endpoint is required'],
      [['--endpoint', endpoint, '--join-token', token], '--cluster is required'],
      [['--endpoint', endpoint, '--cluster', cluster], 'a join token is required'],
    ];
    for (const [args, message] of cases) {
      const result = setup(['install', '--root', root, ...args]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`[berth-agent] install: ${message}`);
      expect(result.stderr).toContain('nothing was changed');
    }
    expect(filesUnder(root)).toEqual([]);
  });

  it('install writes the bundle, a 0600 configuration and a unit systemd accepts', () => {
    const result = setup(
      [
        'install',
        '--root',
        root,
        '--endpoint',
        inject('ecsEndpoint'),
        '--cluster',
        cluster,
        '--join-token-file',
        '-',
        '--state-dir',
        stateDir,
        '--',
        '--driver',
        'docker',
        '--zone',
        'bundle-a',
      ],
      { input: `${token}\n` },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(join(root, HOST_PATHS.bundle)).equals(readFileSync(AGENT_BUNDLE))).toBe(true);
    expect(statSync(join(root, HOST_PATHS.config)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(root, HOST_PATHS.config), 'utf8')).toContain(`BERTH_JOIN_TOKEN="${token}"`);
    const unitPath = join(root, HOST_PATHS.unit);
    if (spawnSync('systemctl', ['--version']).error === undefined) {
      // systemctl --root enabled it: multi-user.target wants it.
      expect(filesUnder(join(root, 'etc/systemd/system/multi-user.target.wants'))).toHaveLength(1);
    }
    if (spawnSync('systemd-analyze', ['--version']).error === undefined) {
      const verify = spawnSync('systemd-analyze', ['verify', unitPath], { encoding: 'utf8' });
      expect(verify.stderr).toBe('');
      expect(verify.status).toBe(0);
    }
  });

  it('started as systemd starts the unit, it registers the host and runs a task', async () => {
    const unit = parseUnit(readFileSync(join(root, HOST_PATHS.unit), 'utf8')).get('Service')!;
    const env = parseEnvironmentFile(readFileSync(join(root, unit.get('EnvironmentFile')![0]), 'utf8'));
    // The throwaway root stands for /: the installed bundle is under it.
    const argv = execStartArgv(unit.get('ExecStart')![0], env).map((a) => (a === HOST_PATHS.bundle ? join(root, a) : a));
    expect(argv[0]).toBe(process.execPath);
    const emptyCwd = mkdtempSync(join(work, 'cwd-'));
    agent = spawn(argv[0], argv.slice(1), {
      cwd: emptyCwd,
      env: { ...env, PATH: '/usr/local/bin:/usr/bin:/bin' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    agent.stdout!.on('data', (d: Buffer) => agentOutput.push(d.toString()));
    agent.stderr!.on('data', (d: Buffer) => agentOutput.push(d.toString()));
    const registered = await waitUntil(
      'the agent registers',
      async () => /registered as (\S+)/.exec(agentOutput.join(''))?.[1],
      60_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; the agent said:\n${agentOutput.join('').slice(-4000)}`);
    });
    // It joined with the token: the instance's own credential is in the state dir, readable by the agent's user only.
    expect(statSync(join(stateDir, 'credentials.json')).mode & 0o777).toBe(0o600);

    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: `bundle-sleep-${run}`,
        containerDefinitions: [{ name: 'app', image: TEST_IMAGE, command: ['sleep', '3600'], cpu: 64, memory: 32, stopTimeout: 1 }],
      }),
    );
    const { tasks } = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: `bundle-sleep-${run}` }));
    const taskArn = tasks![0].taskArn!;
    expect(tasks![0].containerInstanceArn).toBe(registered);
    const running = await waitUntil(
      'the task RUNNING',
      async () => (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }))).tasks!.find((t) => t.lastStatus === 'RUNNING'),
      60_000,
    );
    const [container] = await taskContainers(taskArn);
    expect(container.State).toBe('running');
    expect(running.containers![0].runtimeId).toBe(container.Id);

    await ecs.send(new StopTaskCommand({ cluster, task: taskArn }));
    await waitUntil(
      'the task STOPPED',
      async () => (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }))).tasks!.find((t) => t.lastStatus === 'STOPPED'),
      60_000,
    );
    const exited = new Promise<number | null>((resolve) => agent!.once('exit', (code) => resolve(code)));
    agent.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(readdirSync(emptyCwd)).toEqual([]);
  });

  it('the README commands that need no AWS: a named profile (endpoint_url for the SDK, --endpoint-url for the CLI), and the user-data script', async () => {
    const config = join(work, 'aws-config');
    const credentials = join(work, 'aws-credentials');
    writeFileSync(config, `[profile berth]\nregion = us-east-1\nendpoint_url = ${inject('ecsEndpoint')}\n`);
    // A Berth-issued key pair in the profile (the stack's admin key here; `npx berth credentials create` on AWS).
    writeFileSync(credentials, '[berth]\naws_access_key_id = test\naws_secret_access_key = test\n');
    // AWS CLI v2 before 2.13 (this machine's is 2.9) ignores endpoint_url in a profile: --endpoint-url works with every version.
    const aws = spawnSync(
      '/usr/bin/aws',
      [
        'ecs',
        'describe-clusters',
        '--clusters',
        cluster,
        '--profile',
        'berth',
        '--endpoint-url',
        inject('ecsEndpoint'),
        '--output',
        'json',
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials, HOME: work } },
    );
    expect(aws.stderr).toBe('');
    expect((JSON.parse(aws.stdout) as { clusters: { clusterName: string }[] }).clusters[0].clusterName).toBe(cluster);
    // The SDK takes the endpoint from the profile alone, when the profile is chosen by AWS_PROFILE (a client's
    // `profile` option picks credentials and region, not endpoint_url).
    const vars = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_PROFILE: 'berth' };
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    try {
      const profiled = new ECSClient({ maxAttempts: 1 });
      const { clusters } = await profiled.send(new DescribeClustersCommand({ clusters: [cluster] }));
      expect(clusters![0].clusterName).toBe(cluster);
      profiled.destroy();
    } finally {
      for (const [key, value] of Object.entries(saved))
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
    }

    const userData = setup(['user-data', '--endpoint', inject('ecsEndpoint'), '--cluster', cluster, '--join-token', token]);
    expect(userData.status).toBe(0);
    expect(spawnSync('bash', ['-n'], { input: userData.stdout }).status).toBe(0);
    expect(userData.stdout).toContain(`cluster='${cluster}'`);
  });
});

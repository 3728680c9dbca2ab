import { describe, expect, test, vi } from 'vitest';
import type {
  ContainerEventSink,
  ContainerRuntime,
  ExitInfo,
  ObservedContainer,
} from '../../../../src/agent/runtime/supervision/container-runtime.js';
import { RuntimeError } from '../../../../src/agent/runtime/supervision/errors.js';
import { TaskSupervisor } from '../../../../src/agent/runtime/supervision/task-supervisor.js';
import type { ContainerSpec, NetworkBinding, TaskReport, TaskSpec } from '../../../../src/protocol/index.js';
import { recordingLogger } from '../../../support/recording-logger.js';

/** An in-memory runtime: containers "run" until the test makes them exit. */
class FakeRuntime implements ContainerRuntime {
  readonly calls: string[] = [];
  failCreate?: string;
  failStart?: string;
  failPrepare?: RuntimeError;
  constructor(readonly sink: ContainerEventSink) {}
  async prepare(): Promise<void> {
    this.calls.push('prepare');
    if (this.failPrepare) throw this.failPrepare;
  }
  async create(c: ContainerSpec): Promise<string> {
    this.calls.push(`create ${c.name}`);
    if (this.failCreate === c.name) throw new RuntimeError('CannotCreateContainerError', `bad ${c.name}`);
    return `id-${c.name}`;
  }
  async start(c: ContainerSpec): Promise<{ pid?: number }> {
    this.calls.push(`start ${c.name}`);
    if (this.failStart === c.name) throw new Error('exec format error');
    return {};
  }
  async stop(c: ContainerSpec, _id: string, timeout: number): Promise<ExitInfo> {
    this.calls.push(`stop ${c.name} ${timeout}`);
    return { exitCode: 143 };
  }
  async remove(c: ContainerSpec): Promise<void> {
    this.calls.push(`remove ${c.name}`);
  }
  bindings(c: ContainerSpec): NetworkBinding[] {
    return (c.portMappings ?? []).map((p) => ({ bindIP: '0.0.0.0', ...p }));
  }
}

function setup(containers: ContainerSpec[], onReport?: (r: TaskReport) => void) {
  const spec: TaskSpec = { taskArn: 'arn:t', taskId: 't', clusterName: 'c', family: 'f', revision: 1, containers };
  const reports: TaskReport[] = [];
  const logger = recordingLogger();
  let runtime: FakeRuntime | undefined;
  const sup = new TaskSupervisor(spec, (sink) => (runtime = new FakeRuntime(sink)), {
    onReport: onReport ?? ((r) => reports.push(structuredClone(r))),
    logger,
  });
  return { sup, reports, logger, runtime: runtime as unknown as FakeRuntime, last: () => reports.at(-1) as TaskReport };
}

const c = (name: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({ name, ...extra });
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('TaskSupervisor', () => {
  test('starts containers as their dependencies are met and reports RUNNING', async () => {
    const { sup, runtime, last } = setup([
      c('init', { essential: false }),
      c('app', {
        dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }],
        portMappings: [{ containerPort: 80, hostPort: 5000, protocol: 'tcp' }],
      }),
    ]);
    await sup.launch();
    expect(runtime.calls).toEqual(['prepare', 'create init', 'create app', 'start init']);
    expect(last().status).toBe('PENDING');
    sup.containerExited('init', { exitCode: 0 });
    await flush();
    expect(runtime.calls.at(-1)).toBe('start app');
    expect(last()).toMatchObject({ status: 'RUNNING', health: 'UNKNOWN' });
    expect(last().containers[1]).toMatchObject({
      status: 'RUNNING',
      networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 5000, protocol: 'tcp' }],
    });
  });

  test('an essential exit stops the rest in reverse order, then removes everything', async () => {
    const { sup, runtime, last } = setup([
      c('db', { stopTimeout: 2 }),
      c('app', { links: ['db'] }),
      c('side', { essential: false, dependsOn: [{ containerName: 'app', condition: 'START' }] }),
    ]);
    await sup.launch();
    await flush();
    sup.containerExited('db', { exitCode: 1 });
    await vi.waitFor(() => expect(last().status).toBe('STOPPED'));
    const stops = runtime.calls.filter((x) => x.startsWith('stop'));
    expect(stops).toEqual(['stop side 30', 'stop app 30']);
    expect(runtime.calls.filter((x) => x.startsWith('remove'))).toHaveLength(3);
    expect(last()).toMatchObject({ stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' });
    expect(last().containers.map((x) => x.exitCode)).toEqual([1, 143, 143]);
  });

  test('prepare, create and start failures fail the task to start', async () => {
    const pull = setup([c('app')]);
    pull.runtime.failPrepare = new RuntimeError('CannotPullContainerError', 'manifest unknown');
    await pull.sup.launch();
    await vi.waitFor(() => expect(pull.last().status).toBe('STOPPED'));
    expect(pull.last()).toMatchObject({ stopCode: 'TaskFailedToStart', stoppedReason: 'CannotPullContainerError: manifest unknown' });

    const create = setup([c('a'), c('b')]);
    create.runtime.failCreate = 'b';
    await create.sup.launch();
    await vi.waitFor(() => expect(create.last().status).toBe('STOPPED'));
    expect(create.last().stoppedReason).toBe('CannotCreateContainerError: bad b');
    expect(create.runtime.calls).toContain('remove a');

    const start = setup([c('app')]);
    start.runtime.failStart = 'app';
    await start.sup.launch();
    await vi.waitFor(() => expect(start.last().status).toBe('STOPPED'));
    expect(start.last()).toMatchObject({ stopCode: 'TaskFailedToStart', stoppedReason: 'CannotStartContainerError: exec format error' });
  });

  test('a non-essential start failure leaves the task running', async () => {
    const { sup, runtime, last } = setup([c('app'), c('side', { essential: false })]);
    runtime.failStart = 'side';
    await sup.launch();
    await flush();
    expect(last().status).toBe('RUNNING');
    expect(last().containers[1]).toMatchObject({ status: 'STOPPED', reason: 'CannotStartContainerError: exec format error' });
  });

  test('startTimeout fails a container whose dependencies never hold', async () => {
    vi.useFakeTimers();
    try {
      const { sup, last } = setup([
        c('db', { essential: false, healthCheck: { command: ['CMD', 'true'] } }),
        c('app', { startTimeout: 5, dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] }),
      ]);
      await sup.launch();
      await vi.advanceTimersByTimeAsync(5_000);
      await vi.waitFor(() => expect(last().status).toBe('STOPPED'));
      expect(last().stoppedReason).toMatch(
        /^DependencyError: dependencies of container app were not satisfied within its startTimeout of 5 s/,
      );
    } finally {
      vi.useRealTimers();
    }
  });

  test('stop is idempotent and joins the running stop', async () => {
    const { sup, runtime } = setup([c('app')]);
    await sup.launch();
    await Promise.all([sup.stop('a', 'UserInitiated'), sup.stop('b', 'ServiceSchedulerInitiated')]);
    expect(runtime.calls.filter((x) => x.startsWith('stop'))).toHaveLength(1);
    expect(sup.report()).toMatchObject({ status: 'STOPPED', stoppedReason: 'a', stopCode: 'UserInitiated' });
  });

  test('resume: running containers continue, created ones start, missing ones fail the task', async () => {
    const running = setup([c('db'), c('app', { dependsOn: [{ containerName: 'db', condition: 'START' }] })]);
    await running.sup.resume(
      new Map<string, ObservedContainer>([
        ['db', { runtimeId: 'id-db', status: 'RUNNING', startedAt: 1 }],
        ['app', { runtimeId: 'id-app', status: 'CREATED' }],
      ]),
    );
    await flush();
    expect(running.runtime.calls).toEqual(['start app']);
    expect(running.last().status).toBe('RUNNING');

    const missing = setup([c('db'), c('app')]);
    await missing.sup.resume(new Map([['db', { runtimeId: 'id-db', status: 'RUNNING' as const }]]));
    expect(missing.last()).toMatchObject({ status: 'STOPPED', stopCode: 'TaskFailedToStart' });
    expect(missing.last().stoppedReason).toMatch(/before containers app were created/);
  });

  test('health changes are reported and identical reports are not repeated', async () => {
    const { sup, reports, last } = setup([c('web', { healthCheck: { command: ['CMD', 'true'] } })]);
    await sup.launch();
    await flush();
    const before = reports.length;
    sup.containerHealth('web', 'UNKNOWN');
    sup.containerStarted('web');
    expect(reports.length).toBe(before);
    sup.containerHealth('web', 'UNHEALTHY');
    expect(last()).toMatchObject({ health: 'UNHEALTHY' });
    expect(last().containers[0]?.health).toBe('UNHEALTHY');
  });

  test("logs through the logger it is given (the agent's agent.log), not a module-level one", async () => {
    const { sup, logger } = setup([c('app')], () => {
      throw new Error('listener broke');
    });
    await sup.launch();
    expect(logger.lines).toContainEqual({
      level: 'error',
      message: 'report listener failed',
      detail: { taskArn: 'arn:t', error: 'Error: listener broke' },
    });
  });
});

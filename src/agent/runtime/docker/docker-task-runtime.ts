/** How one task's containers run on Docker Engine (the ContainerRuntime of the Docker driver). */
import type Docker from 'dockerode';
import type { ContainerEventSink, ContainerRuntime, ExitInfo } from '../supervision/container-runtime.js';
import { messageOf, RuntimeError } from '../supervision/errors.js';
import type { ContainerSpec, NetworkBinding, TaskSpec } from '../../../protocol/index.js';
import { networkModeOf, toCreateOptions } from './container-config.js';
import { exitFromState } from './container-state.js';
import { isNotFound, isNotModified } from './docker-errors.js';
import type { DockerEventWatcher } from './event-watcher.js';
import { ensureImage } from './image-pull.js';
import { provisionVolumes, removeTaskVolumes, type ResolvedVolume, resolveVolumes } from './volumes.js';

export class DockerTaskRuntime implements ContainerRuntime {
  private volumes = new Map<string, ResolvedVolume>();

  constructor(
    private readonly docker: Docker,
    private readonly task: TaskSpec,
    private readonly sink: ContainerEventSink,
    private readonly watcher: DockerEventWatcher,
    private readonly owner?: string,
  ) {}

  async prepare(): Promise<void> {
    this.volumes = resolveVolumes(this.task);
    const missing = this.task.containers.filter((c) => !c.image).map((c) => c.name);
    if (missing.length) {
      throw new RuntimeError('CannotCreateContainerError', `containers without an image: ${missing.join(', ')}`);
    }
    this.sink.imagePull('started');
    try {
      for (const image of new Set(this.task.containers.map((c) => c.image as string))) {
        await ensureImage(this.docker, image);
      }
    } finally {
      this.sink.imagePull('stopped');
    }
    await provisionVolumes(this.docker, this.task, this.volumes);
  }

  async create(c: ContainerSpec): Promise<string> {
    const options = toCreateOptions(this.task, c, this.volumes, this.owner);
    try {
      const container = await this.docker.createContainer(options);
      this.watcher.watch(container.id, c.name, this.sink);
      return container.id;
    } catch (err) {
      throw new RuntimeError('CannotCreateContainerError', messageOf(err), { cause: err });
    }
  }

  async start(_c: ContainerSpec, runtimeId: string): Promise<{ pid?: number }> {
    try {
      await this.docker.getContainer(runtimeId).start();
    } catch (err) {
      if (!isNotModified(err)) throw new RuntimeError('CannotStartContainerError', messageOf(err), { cause: err });
    }
    return {};
  }

  /** `docker stop`: the image's STOPSIGNAL (SIGTERM by default), then SIGKILL after `timeoutSeconds`. */
  async stop(_c: ContainerSpec, runtimeId: string, timeoutSeconds: number): Promise<ExitInfo> {
    const container = this.docker.getContainer(runtimeId);
    try {
      await container.stop({ t: timeoutSeconds });
    } catch (err) {
      if (isNotFound(err)) return { reason: 'container was removed outside Berth' };
      if (!isNotModified(err)) throw new RuntimeError('CannotStopContainerError', messageOf(err), { cause: err });
    }
    return exitFromState((await container.inspect()).State);
  }

  async remove(_c: ContainerSpec, runtimeId: string): Promise<void> {
    this.watcher.unwatch(runtimeId);
    try {
      await this.docker.getContainer(runtimeId).remove({ force: true, v: true });
    } catch (err) {
      if (!isNotFound(err)) throw new RuntimeError('CannotStopContainerError', messageOf(err), { cause: err });
    }
  }

  cleanup(): Promise<void> {
    return removeTaskVolumes(this.docker, this.task.taskArn);
  }

  bindings(c: ContainerSpec): NetworkBinding[] {
    const mode = networkModeOf(this.task);
    if (mode === 'none') return [];
    return (c.portMappings ?? []).map((p) => ({
      bindIP: '0.0.0.0',
      containerPort: p.containerPort,
      // Host networking publishes the container port itself.
      hostPort: mode === 'host' ? p.containerPort : p.hostPort,
      protocol: p.protocol ?? 'tcp',
    }));
  }

  detach(): void {
    this.watcher.unwatchSink(this.sink);
  }
}

/**
 * Task volumes on Docker: host bind mounts (`host.sourcePath`), task-scoped
 * Docker volumes (created per task, removed with it) and shared Docker
 * volumes (kept; created on demand when `autoprovision` is set).
 */
import type { DockerVolumeConfiguration } from '@aws-sdk/client-ecs';
import type Docker from 'dockerode';
import { RuntimeError } from '../supervision/errors.js';
import type { ContainerSpec, TaskSpec } from '../../../protocol/index.js';
import { isNotFound } from './docker-errors.js';
import { LABEL, volumeLabels } from './labels.js';

export type ResolvedVolume =
  { kind: 'bind'; source: string } | { kind: 'volume'; source: string; taskScoped: boolean; config: DockerVolumeConfiguration };

/**
 * Map each task volume name to what Docker mounts. A volume with neither a
 * host path nor a Docker configuration gets a task-scoped Docker volume,
 * which is ECS's "the Docker daemon assigns a host path".
 */
export function resolveVolumes(task: TaskSpec): Map<string, ResolvedVolume> {
  const out = new Map<string, ResolvedVolume>();
  for (const v of task.volumes ?? []) {
    if (!v.name) continue;
    if (v.efsVolumeConfiguration || v.fsxWindowsFileServerVolumeConfiguration || v.s3filesVolumeConfiguration) {
      throw new RuntimeError('ResourceInitializationError', `volume ${v.name}: only host and Docker volumes are supported`);
    }
    if (v.host?.sourcePath) {
      out.set(v.name, { kind: 'bind', source: v.host.sourcePath });
    } else if (v.dockerVolumeConfiguration?.scope === 'shared') {
      out.set(v.name, { kind: 'volume', source: v.name, taskScoped: false, config: v.dockerVolumeConfiguration });
    } else {
      out.set(v.name, {
        kind: 'volume',
        source: `berth-${task.taskId}-${v.name}`,
        taskScoped: true,
        config: v.dockerVolumeConfiguration ?? {},
      });
    }
  }
  return out;
}

/** mountPoints → Docker `Binds` entries (`source:containerPath[:ro]`). */
export function volumeBinds(c: ContainerSpec, volumes: Map<string, ResolvedVolume>): string[] {
  return (c.mountPoints ?? []).map((m) => {
    const v = m.sourceVolume ? volumes.get(m.sourceVolume) : undefined;
    if (!v || !m.containerPath) {
      throw new RuntimeError(
        'CannotCreateContainerError',
        `container ${c.name}: mount point refers to unknown volume ${m.sourceVolume ?? '(none)'}`,
      );
    }
    return `${v.source}:${m.containerPath}${m.readOnly ? ':ro' : ''}`;
  });
}

/** Create the task's Docker volumes that do not exist yet. */
export async function provisionVolumes(docker: Docker, task: TaskSpec, volumes: Map<string, ResolvedVolume>): Promise<void> {
  for (const v of volumes.values()) {
    if (v.kind !== 'volume') continue;
    try {
      if (v.taskScoped) {
        // Creating an existing volume with the same driver is a no-op in Docker.
        await docker.createVolume({
          Name: v.source,
          Driver: v.config.driver ?? 'local',
          DriverOpts: v.config.driverOpts ?? {},
          Labels: { ...v.config.labels, ...volumeLabels(task) },
        });
      } else if (!(await volumeExists(docker, v.source))) {
        if (!v.config.autoprovision) {
          throw new RuntimeError('ResourceInitializationError', `shared volume ${v.source} does not exist and autoprovision is off`);
        }
        await docker.createVolume({
          Name: v.source,
          Driver: v.config.driver ?? 'local',
          DriverOpts: v.config.driverOpts ?? {},
          Labels: v.config.labels ?? {},
        });
      }
    } catch (err) {
      if (err instanceof RuntimeError) throw err;
      throw new RuntimeError('ResourceInitializationError', `volume ${v.source}: ${(err as Error).message}`, { cause: err });
    }
  }
}

async function volumeExists(docker: Docker, name: string): Promise<boolean> {
  try {
    await docker.getVolume(name).inspect();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Remove the task-scoped volumes of a task (found by label, so this also works after a restart). */
export async function removeTaskVolumes(docker: Docker, taskArn: string): Promise<void> {
  const { Volumes } = await docker.listVolumes({ filters: { label: [`${LABEL.taskArn}=${taskArn}`] } });
  await Promise.all(
    (Volumes ?? []).map(async (v) => {
      try {
        await docker.getVolume(v.Name).remove();
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }),
  );
}

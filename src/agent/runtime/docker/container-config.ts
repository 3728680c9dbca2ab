/**
 * ECS container definition → Docker Engine create options. Pure (no I/O) so
 * the whole mapping is table-tested; see test/unit/agent/runtime.
 *
 * Not mapped (no Docker equivalent on a Berth host): secrets,
 * environmentFiles, repositoryCredentials, firelensConfiguration,
 * resourceRequirements (GPU), restartPolicy (agent-side in ECS).
 */
import type { ContainerCreateOptions, HostConfig } from 'dockerode';
import { parseLink } from '../supervision/dependencies.js';
import { DEFAULT_STOP_TIMEOUT_SECONDS } from '../supervision/task-supervisor.js';
import type { ContainerSpec, NetworkMode, TaskSpec } from '../../../protocol/index.js';
import { toDockerHealthcheck } from './health.js';
import { containerLabels, LABEL } from './labels.js';
import { type ResolvedVolume, volumeBinds } from './volumes.js';
import { compact } from '../supervision/compact.js';

const MIB = 1024 * 1024;
/** Docker (and the ECS agent) treat fewer than 2 CPU shares as invalid. */
const MIN_CPU_SHARES = 2;

/** Docker container name: unique per task and recognisable in `docker ps`. */
export function dockerContainerName(taskId: string, containerName: string): string {
  return `berth-${taskId}-${containerName}`;
}

export function networkModeOf(task: TaskSpec): NetworkMode {
  return task.networkMode ?? 'bridge';
}

export function toCreateOptions(
  task: TaskSpec,
  c: ContainerSpec,
  volumes: Map<string, ResolvedVolume> = new Map(),
  owner?: string,
): ContainerCreateOptions {
  const mode = networkModeOf(task);
  const ports = mode === 'bridge' ? portConfig(c) : { exposed: undefined, bindings: undefined };
  const options: ContainerCreateOptions = {
    name: dockerContainerName(task.taskId, c.name),
    Image: c.image,
    Entrypoint: c.entryPoint,
    Cmd: c.command,
    Env: (c.environment ?? []).filter((e) => e.name).map((e) => `${e.name}=${e.value ?? ''}`),
    WorkingDir: c.workingDirectory,
    User: c.user,
    // Docker refuses a hostname in host network mode.
    Hostname: mode === 'host' ? undefined : c.hostname,
    // Berth's labels win so a task cannot spoof another task's identity.
    Labels: { ...ownLabelsStripped(c.dockerLabels), ...containerLabels(task, c, owner) },
    ExposedPorts: ports.exposed,
    Healthcheck: c.healthCheck ? toDockerHealthcheck(c.healthCheck) : undefined,
    StopTimeout: c.stopTimeout ?? DEFAULT_STOP_TIMEOUT_SECONDS,
    Tty: c.pseudoTerminal,
    OpenStdin: c.interactive,
    NetworkDisabled: c.disableNetworking,
    HostConfig: hostConfig(task, c, mode, ports.bindings, volumes),
  };
  return compact(options);
}

function hostConfig(
  task: TaskSpec,
  c: ContainerSpec,
  mode: NetworkMode,
  portBindings: Record<string, { HostIp: string; HostPort: string }[]> | undefined,
  volumes: Map<string, ResolvedVolume>,
): HostConfig {
  const lp = c.linuxParameters;
  const binds = volumeBinds(c, volumes);
  const host: HostConfig = {
    NetworkMode: mode,
    PortBindings: portBindings,
    Links: mode === 'bridge' && c.links?.length ? c.links.map((l) => linkSpec(task, l)) : undefined,
    CpuShares: Math.max(MIN_CPU_SHARES, c.cpu ?? 0),
    Memory: c.memory !== undefined ? c.memory * MIB : undefined,
    MemoryReservation: c.memoryReservation !== undefined ? c.memoryReservation * MIB : undefined,
    // ECS maxSwap is swap on top of memory; Docker's MemorySwap is memory + swap.
    MemorySwap: lp?.maxSwap !== undefined && c.memory !== undefined ? (c.memory + lp.maxSwap) * MIB : undefined,
    MemorySwappiness: lp?.swappiness,
    Binds: binds.length ? binds : undefined,
    VolumesFrom: c.volumesFrom?.length
      ? c.volumesFrom
          .filter((v) => v.sourceContainer)
          .map((v) => `${dockerContainerName(task.taskId, v.sourceContainer as string)}${v.readOnly ? ':ro' : ''}`)
      : undefined,
    Ulimits: c.ulimits?.map((u) => ({ Name: u.name, Soft: u.softLimit, Hard: u.hardLimit })),
    LogConfig: c.logConfiguration
      ? { Type: c.logConfiguration.logDriver as string, Config: c.logConfiguration.options ?? {} }
      : { Type: 'json-file', Config: {} },
    ReadonlyRootfs: c.readonlyRootFilesystem,
    Privileged: c.privileged,
    Dns: c.dnsServers,
    DnsSearch: c.dnsSearchDomains,
    ExtraHosts: c.extraHosts?.map((h) => `${h.hostname}:${h.ipAddress}`),
    SecurityOpt: c.dockerSecurityOptions,
    Sysctls: c.systemControls?.length
      ? Object.fromEntries(c.systemControls.filter((s) => s.namespace).map((s) => [s.namespace as string, s.value ?? '']))
      : undefined,
    Init: lp?.initProcessEnabled,
    CapAdd: lp?.capabilities?.add,
    CapDrop: lp?.capabilities?.drop,
    ShmSize: lp?.sharedMemorySize !== undefined ? lp.sharedMemorySize * MIB : undefined,
    Tmpfs: lp?.tmpfs?.length
      ? Object.fromEntries(
          lp.tmpfs
            .filter((t) => t.containerPath)
            .map((t) => [t.containerPath as string, [`size=${t.size ?? 0}m`, ...(t.mountOptions ?? [])].join(',')]),
        )
      : undefined,
    Devices: lp?.devices?.map((d) => ({
      PathOnHost: d.hostPath,
      PathInContainer: d.containerPath ?? d.hostPath,
      CgroupPermissions: d.permissions?.length ? d.permissions.map((p) => p[0]).join('') : 'rwm',
    })),
  };
  return compact(host);
}

/** `name[:alias]` → Docker legacy link `berth-<taskId>-<name>:<alias>` (alias defaults to the ECS name). */
function linkSpec(task: TaskSpec, link: string): string {
  const { name, alias } = parseLink(link);
  return `${dockerContainerName(task.taskId, name)}:${alias}`;
}

function portConfig(c: ContainerSpec): {
  exposed: Record<string, object> | undefined;
  bindings: Record<string, { HostIp: string; HostPort: string }[]> | undefined;
} {
  if (!c.portMappings?.length) return { exposed: undefined, bindings: undefined };
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of c.portMappings) {
    const key = `${p.containerPort}/${p.protocol ?? 'tcp'}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: '', HostPort: String(p.hostPort) });
  }
  return { exposed, bindings };
}

/** Drop user labels in Berth's own namespace. */
function ownLabelsStripped(labels: Record<string, string> | undefined): Record<string, string> {
  const prefix = LABEL.managed.slice(0, LABEL.managed.lastIndexOf('.') + 1);
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => !k.startsWith(prefix)));
}

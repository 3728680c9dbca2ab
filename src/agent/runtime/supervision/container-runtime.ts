/**
 * The seam between the driver-neutral task supervisor (ordering, essential
 * semantics, reports) and one driver's way of running a single container.
 */
import type { ContainerSpec, HealthStatus, NetworkBinding } from '../../../protocol/index.js';

export interface ExitInfo {
  exitCode?: number;
  reason?: string;
  /** Epoch ms the container stopped, when the runtime knows it. */
  at?: number;
}

/** What a runtime tells the supervisor about containers as it observes them. Calls are idempotent. */
export interface ContainerEventSink {
  containerStarted(name: string, at?: number): void;
  containerExited(name: string, exit: ExitInfo): void;
  containerHealth(name: string, health: HealthStatus): void;
  /** Image pulling began / ended (feeds the task's pullStartedAt / pullStoppedAt). */
  imagePull(phase: 'started' | 'stopped'): void;
}

/** One task's containers on one driver. Methods throw RuntimeError. */
export interface ContainerRuntime {
  /** Make images / volumes / state dirs available before any container is created. */
  prepare(): Promise<void>;
  /** Create the container without starting it; returns its runtime id. */
  create(c: ContainerSpec): Promise<string>;
  /** Start a created container; may return the main process id. */
  start(c: ContainerSpec, runtimeId: string): Promise<{ pid?: number }>;
  /** Stop signal, then kill after timeoutSeconds; resolves once it no longer runs, with its exit. */
  stop(c: ContainerSpec, runtimeId: string, timeoutSeconds: number): Promise<ExitInfo>;
  /** Delete the container (its logs may be kept, per driver). Missing containers are not an error. */
  remove(c: ContainerSpec, runtimeId: string): Promise<void>;
  /** Release task-level resources after every container is removed. */
  cleanup?(): Promise<void>;
  /** Host port bindings the container exposes once running. */
  bindings(c: ContainerSpec): NetworkBinding[];
  /** Stop observing (agent shutdown); containers keep running. */
  detach?(): void;
}

/** A container's state found on the host when adopting a task after an agent restart. */
export interface ObservedContainer {
  runtimeId: string;
  status: 'CREATED' | 'RUNNING' | 'STOPPED';
  startedAt?: number;
  exit?: ExitInfo;
  health?: HealthStatus;
  pid?: number;
}

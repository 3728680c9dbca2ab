/**
 * The container runtime contract of the Berth host agent.
 *
 * The agent's control-plane loop hands a fully resolved task (host ports already
 * chosen) to a Driver; the driver runs it and pushes the complete TaskReport on
 * every change. Two drivers implement it: Docker Engine and plain host processes.
 *
 * All timestamps in reports are epoch milliseconds (Date.now()); convert to the
 * ECS wire format (epoch seconds) at the API boundary.
 */
import type { ContainerDefinition, Volume } from '@aws-sdk/client-ecs';

import type { AgentStopCode, TaskReport, TransportProtocol } from '../../domain/agent-report.js';

export type {
  ContainerReport,
  ContainerStatus,
  HealthStatus,
  NetworkBinding,
  TaskReport,
  TransportProtocol,
} from '../../domain/agent-report.js';

/** A port mapping whose hostPort was resolved by the control plane (never 0). */
export interface ResolvedPortMapping {
  containerPort: number;
  hostPort: number;
  protocol: TransportProtocol;
}

/**
 * One container of a task. `name` is required here (it is the key for
 * dependsOn/links/reports) and port mappings carry resolved host ports.
 */
export type ContainerSpec = Omit<ContainerDefinition, 'name' | 'portMappings'> & {
  name: string;
  portMappings?: ResolvedPortMapping[];
};

/**
 * Task network mode. `bridge` (default) uses Docker's default bridge with
 * legacy links; `host` shares the host network (hostPort == containerPort);
 * `none` gives containers no network. The process driver always uses the host.
 */
export type NetworkMode = 'bridge' | 'host' | 'none';

export interface TaskSpec {
  taskArn: string;
  taskId: string;
  clusterName: string;
  family: string;
  revision: number;
  containers: ContainerSpec[];
  volumes?: Volume[];
  /** Task-level CPU units / MiB; informational for both drivers (containers carry their own limits). */
  taskCpu?: number;
  taskMemory?: number;
  networkMode?: NetworkMode;
}

export type StopCode = AgentStopCode;

export interface TaskUsage {
  taskArn: string;
  /** Percent of one CPU (100 = one full core), summed over the task's containers. */
  cpuPercent: number;
  memoryBytes: number;
}

export type ReportListener = (r: TaskReport) => void;

export interface Driver {
  readonly name: 'docker' | 'process' | 'hollow';
  /**
   * Start a task; resolves once launch has been attempted (images pulled,
   * containers created, those without pending dependencies started). Failures
   * are reported (status STOPPED, stopCode TaskFailedToStart), never thrown.
   * Every change calls onReport with the FULL current TaskReport. Idempotent
   * for a taskArn already running (an unknown task whose containers already
   * exist on the host is adopted instead of created twice).
   */
  start(task: TaskSpec, onReport: ReportListener): Promise<void>;
  /**
   * Graceful stop: containers stop in reverse dependency order, SIGTERM (or the
   * image STOPSIGNAL) then SIGKILL after each container's stopTimeout (default
   * 30 s), then they are removed; the task is reported STOPPED with the given
   * reason/stopCode. Resolves when the task is STOPPED.
   */
  stop(taskArn: string, reason: string, stopCode: StopCode): Promise<void>;
  /**
   * After an agent restart: find the tasks this agent owns and resume watching
   * them. Returns their current reports (tasks whose containers all exited come
   * back STOPPED).
   */
  adopt(onReport: (arn: string) => ReportListener): Promise<TaskReport[]>;
  /** Remove leftovers (containers, state, logs) of a task the control plane says is stopped / unknown. */
  remove(taskArn: string): Promise<void>;
  usage(): Promise<TaskUsage[]>;
  logs(taskArn: string, container?: string, opts?: { tail?: number }): Promise<string>;
  /** Stop watching and release resources; running tasks are left running (like the ECS agent on SIGTERM). */
  close(): Promise<void>;
}

/**
 * What an agent reports about a task: the wire format of the agent protocol
 * (docs/agent-protocol.md), shared by the agent that sends it and the control
 * plane that applies it. Timestamps are epoch milliseconds.
 */
export type TransportProtocol = 'tcp' | 'udp';
export type ContainerStatus = 'PENDING' | 'RUNNING' | 'STOPPED';
export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
/** The stop codes an agent itself can give; the control plane has more (src/domain/task.ts). */
export type AgentStopCode = 'TaskFailedToStart' | 'EssentialContainerExited' | 'UserInitiated' | 'ServiceSchedulerInitiated';

export interface NetworkBinding {
  bindIP: string;
  containerPort: number;
  hostPort: number;
  protocol: TransportProtocol;
}

export interface ContainerReport {
  name: string;
  /** Docker container id, or `<taskId>/<name>` for the process driver. */
  runtimeId?: string;
  status: ContainerStatus;
  exitCode?: number;
  reason?: string;
  health?: HealthStatus;
  networkBindings?: NetworkBinding[];
  /** Host pid of the container's main process (process driver only). */
  pid?: number;
  startedAt?: number;
  stoppedAt?: number;
}

export interface TaskReport {
  taskArn: string;
  status: ContainerStatus;
  containers: ContainerReport[];
  health?: HealthStatus;
  stoppedReason?: string;
  stopCode?: AgentStopCode;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  stoppedAt?: number;
}

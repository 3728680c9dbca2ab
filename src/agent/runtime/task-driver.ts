/**
 * The container runtime contract of the Berth host agent.
 *
 * The agent's control loop hands a fully resolved task (host ports already
 * chosen) to a TaskDriver; the driver runs it and pushes the complete TaskReport on
 * every change. Drivers: Docker Engine, plain host processes, and the hollow
 * (simulated) one.
 *
 * All timestamps in reports are epoch milliseconds (Date.now()); convert to the
 * ECS wire format (epoch seconds) at the API boundary.
 */
import type { TaskReport, TaskSpec, TaskStopCode, TaskUsage } from '../../protocol/index.js';

export type ReportListener = (r: TaskReport) => void;

export interface TaskDriver {
  /** Advertised as the berth.driver attribute: docker, process, hollow, … */
  readonly name: string;
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
  stop(taskArn: string, reason: string, stopCode: TaskStopCode): Promise<void>;
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

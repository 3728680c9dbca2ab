/**
 * A task's container logs, wherever its container instance runs them: the
 * Docker driver reads them from the Engine (by the task's labels), the
 * process driver from the agent's state dir, found by the instance ARN its
 * identity file names. Used by `npm run logs` and the e2e tests.
 */
import { DescribeContainerInstancesCommand, DescribeTasksCommand, type ECSClient, type Task } from '@aws-sdk/client-ecs';
import { processDriverStateDir } from '../../../src/agent/choose-driver.js';
import { NotFoundError } from '../../../src/agent/runtime/supervision/errors.js';
import { DockerDriver } from '../../../src/agent/runtime/docker/docker-driver.js';
import { ProcessDriver } from '../../../src/agent/runtime/process/process-driver.js';
import type { TaskDriver } from '../../../src/agent/runtime/task-driver.js';
import { createLogger } from '../../../src/logging/json-lines-logger.js';
import { DRIVER_ATTRIBUTE } from '../../../src/protocol/index.js';
import { findAgentStateDir } from './agent-state-dirs.js';

export interface TaskLogsQuery {
  /** Task id or ARN; an ARN names its own cluster. */
  task: string;
  cluster: string;
  container?: string;
  tail?: number;
  /** Where the local agents keep their state dirs (`<root>/agent-<i>`). */
  agentsRoot: string;
}

export interface TaskLogs {
  task: Task;
  driver: string;
  /** Undefined when no local agent's state dir names the instance (an agent elsewhere, or a foreign root). */
  agentStateDir?: string;
  text: string;
}

/** Anything the person asking can fix: wrong id, wrong container, logs gone. */
export class TaskLogsError extends Error {
  override name = 'TaskLogsError';
}

export function clusterOfTaskArn(arn: string): string | undefined {
  return /^arn:[^:]+:ecs:[^:]*:[^:]*:task\/([^/]+)\/[^/]+$/.exec(arn)?.[1];
}

export async function taskLogs(ecs: ECSClient, q: TaskLogsQuery): Promise<TaskLogs> {
  const cluster = clusterOfTaskArn(q.task) ?? q.cluster;
  const task = await describeTask(ecs, cluster, q.task);
  const instanceArn = task.containerInstanceArn;
  if (!instanceArn) throw new TaskLogsError(`task ${q.task} is ${task.lastStatus} and not on a container instance yet: it has no logs`);
  const names = (task.containers ?? []).map((c) => c.name);
  if (q.container && !names.includes(q.container)) {
    throw new TaskLogsError(`task ${q.task} has no container ${q.container}; its containers: ${names.join(', ')}`);
  }
  const { containerInstances } = await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [instanceArn] }));
  const driverName = containerInstances?.[0]?.attributes?.find((a) => a.name === DRIVER_ATTRIBUTE)?.value ?? 'docker';
  const agentStateDir = findAgentStateDir(q.agentsRoot, instanceArn);

  let driver: TaskDriver;
  if (driverName === 'process') {
    if (!agentStateDir) {
      throw new TaskLogsError(
        `task ${q.task} runs as host processes on ${instanceArn}, but no agent state dir under ${q.agentsRoot} names that instance (pass --agents DIR)`,
      );
    }
    driver = new ProcessDriver({ stateDir: processDriverStateDir(agentStateDir), logger: createLogger() });
  } else if (driverName === 'docker') {
    driver = new DockerDriver({ logger: createLogger() });
  } else {
    throw new TaskLogsError(`task ${q.task} runs on a ${driverName} instance, which keeps no container logs`);
  }
  try {
    const text = await driver.logs(task.taskArn!, q.container, { tail: q.tail });
    return { task, driver: driverName, agentStateDir, text };
  } catch (err) {
    if (err instanceof NotFoundError) {
      throw new TaskLogsError(
        `the containers of task ${q.task} (${task.lastStatus}) are gone from their host: the agent removes a stopped task's containers after a while`,
      );
    }
    throw err;
  } finally {
    await driver.close();
  }
}

async function describeTask(ecs: ECSClient, cluster: string, task: string): Promise<Task> {
  let described;
  try {
    described = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [task] }));
  } catch (err) {
    if ((err as Error).name === 'ClusterNotFoundException')
      throw new TaskLogsError(`no cluster ${cluster}: pass the task's --cluster NAME, or its full ARN`);
    throw err;
  }
  const { tasks, failures } = described;
  const found = tasks?.[0];
  if (!found) {
    const why = failures?.[0]?.reason ?? 'MISSING';
    throw new TaskLogsError(
      `no task ${task} in cluster ${cluster} (${why}); see \`aws ecs list-tasks --cluster ${cluster}\`, or pass --cluster NAME`,
    );
  }
  return found;
}

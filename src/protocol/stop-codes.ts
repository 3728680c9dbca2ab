/**
 * Why a task stopped: ECS's TaskStopCode values. An agent reports its own
 * (TaskFailedToStart, EssentialContainerExited) or echoes the one the control
 * plane gave with the stop.
 */
export const TASK_STOP_CODES = [
  'TaskFailedToStart',
  'EssentialContainerExited',
  'UserInitiated',
  'ServiceSchedulerInitiated',
  'SpotInterruption',
  'TerminationNotice',
  'InfrastructureHealth',
] as const;
export type TaskStopCode = (typeof TASK_STOP_CODES)[number];

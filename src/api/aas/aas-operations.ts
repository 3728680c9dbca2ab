import type { AppContext } from '../../app/context.js';
import { describeScalingActivities } from '../../app/scaling/scaling-activities.js';
import { deleteScalingPolicy, describeScalingPolicies, putScalingPolicy } from '../../app/scaling/scaling-policies.js';
import { deregisterScalableTarget, describeScalableTargets, registerScalableTarget } from '../../app/scaling/scalable-targets.js';
import { deleteScheduledAction, describeScheduledActions, putScheduledAction } from '../../app/scaling/scheduled-actions.js';
import type { OperationHandler } from '../aws-json.js';

/** Application Auto Scaling operation → use case: every operation of the model Berth serves (the 2.9 model has no tag operations). */
export const aasOperations: ReadonlyMap<string, OperationHandler<AppContext>> = new Map<string, OperationHandler<AppContext>>([
  ['RegisterScalableTarget', registerScalableTarget],
  ['DeregisterScalableTarget', deregisterScalableTarget],
  ['DescribeScalableTargets', describeScalableTargets],
  ['PutScalingPolicy', putScalingPolicy],
  ['DeleteScalingPolicy', deleteScalingPolicy],
  ['DescribeScalingPolicies', describeScalingPolicies],
  ['DescribeScalingActivities', describeScalingActivities],
  ['PutScheduledAction', putScheduledAction],
  ['DeleteScheduledAction', deleteScheduledAction],
  ['DescribeScheduledActions', describeScheduledActions],
]);

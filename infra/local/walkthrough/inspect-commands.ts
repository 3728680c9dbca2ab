/** The commands that let a person look at what the walkthrough built, with the stock AWS CLI. */
import { DEFAULT_ENDPOINT } from './local-ecs.js';

export interface InspectTarget {
  endpoint: string;
  cluster: string;
  service: string;
  taskIds: string[];
  /** The service's target group, when it runs behind a load balancer. */
  targetGroupArn?: string;
}

export function inspectCommands(t: InspectTarget): string[] {
  const at = `--cluster ${t.cluster} --endpoint-url ${t.endpoint}`;
  const logsFlags = [
    t.cluster !== 'default' ? ` --cluster ${t.cluster}` : '',
    t.endpoint !== DEFAULT_ENDPOINT ? ` --endpoint ${t.endpoint}` : '',
  ].join('');
  return [
    'export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1   # the admin key npm start creates',
    `aws ecs describe-services --services ${t.service} ${at}`,
    `aws ecs wait services-stable --services ${t.service} ${at}`,
    `aws ecs list-tasks --service-name ${t.service} ${at}`,
    `aws ecs describe-tasks --tasks ${t.taskIds.join(' ')} ${at}`,
    ...(t.targetGroupArn ? [`aws elbv2 describe-target-health --target-group-arn ${t.targetGroupArn} --endpoint-url ${t.endpoint}`] : []),
    `npm run logs -- ${t.taskIds[0] ?? '<task id>'}${logsFlags}`,
    `aws ecs delete-service --service ${t.service} --force ${at}   # when done`,
  ];
}

/**
 * The resources an ELBv2 operation acts on, as IAM sees them (Service
 * Authorization Reference, Elastic Load Balancing V2): Describe* have no
 * resource-level permissions (`*`); Create* act on the ARN they will create
 * (its id unknown yet: `…/<name>/*`); the others on the ARNs they name.
 */
import type { Authenticator } from '../../../auth/authenticator.js';
import type { RequestAuth } from '../../../auth/request-auth.js';
import type { ArnScope } from './arns.js';

type Input = Record<string, unknown>;

const ARN_MEMBERS = ['LoadBalancerArn', 'TargetGroupArn', 'ListenerArn', 'ResourceArns'] as const;

export function elbv2Resources(operation: string, input: unknown, scope: ArnScope): string[] {
  const i = (input ?? {}) as Input;
  const prefix = `arn:aws:elasticloadbalancing:${scope.region}:${scope.accountId}`;
  if (operation.startsWith('Describe')) return ['*'];
  if (operation === 'CreateLoadBalancer') return [`${prefix}:loadbalancer/app/${String(i.Name)}/*`];
  if (operation === 'CreateTargetGroup') return [`${prefix}:targetgroup/${String(i.Name)}/*`];
  const arns = ARN_MEMBERS.flatMap((m) => {
    const v = i[m];
    return typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  });
  return arns.length ? arns : ['*'];
}

/** SigV4 scoped to `elasticloadbalancing`, IAM actions `elasticloadbalancing:<Action>`. */
export function elbv2Auth(authenticator: Pick<Authenticator, 'authenticate'>, scope: ArnScope): RequestAuth {
  return {
    signingName: 'elasticloadbalancing',
    actionPrefix: 'elasticloadbalancing',
    authenticator,
    resources: (operation, input) => elbv2Resources(operation, input, scope),
  };
}

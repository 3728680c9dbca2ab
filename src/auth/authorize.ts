import { denied, type AuthFailure } from './auth-failure.js';
import type { Principal } from './principal.js';

/**
 * IAM's answer for an action on each resource it touches: allowed only if the
 * principal's policy allows every one. The refusal names the first resource
 * refused, in AWS's words.
 */
export function authorize(principal: Principal, action: string, resources: readonly string[]): AuthFailure | undefined {
  for (const resource of resources.length ? resources : ['*']) {
    const decision = principal.policy.evaluate(action, resource);
    if (decision === 'allow') continue;
    const why =
      decision === 'explicit-deny'
        ? 'with an explicit deny in an identity-based policy'
        : `because no identity-based policy allows the ${action} action`;
    return denied(`User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resource} ${why}`);
  }
  return undefined;
}

import { AuthFailure } from './auth-failure.js';
import type { Authenticator } from './authenticator.js';
import { authorize } from './authorize.js';
import type { Principal } from './principal.js';
import type { SignedRequest } from './signed-request.js';

/**
 * What a protocol handler needs to guard one service: the ECS/Application
 * Auto Scaling JSON dispatcher, the agent endpoints, and the local twins'
 * query and JSON handlers all call the same two steps —
 *   authenticateRequest(auth, req)          → Principal | AuthFailure (before the body is parsed)
 *   authorizeOperation(auth, p, op, input)  → AuthFailure | undefined (after it is validated)
 */
export interface RequestAuth {
  /** The SigV4 signing name the credential scope must carry: ecs, application-autoscaling, monitoring, autoscaling, elasticloadbalancing. */
  signingName: string;
  /** The IAM action prefix: ecs, application-autoscaling, cloudwatch, autoscaling, elasticloadbalancing. */
  actionPrefix: string;
  authenticator: Pick<Authenticator, 'authenticate'>;
  /** The resource ARNs an operation touches (default `*`: no resource-level permissions). */
  resources?(operation: string, input: unknown): string[];
}

export function authenticateRequest(auth: RequestAuth, req: SignedRequest): Promise<Principal | AuthFailure> {
  return auth.authenticator.authenticate(req, auth.signingName);
}

export function authorizeOperation(auth: RequestAuth, principal: Principal, operation: string, input: unknown): AuthFailure | undefined {
  return authorize(principal, `${auth.actionPrefix}:${operation}`, auth.resources?.(operation, input) ?? ['*']);
}

/** Both steps at once, for handlers that authorize before parsing (e.g. with resource `*`). */
export async function guardRequest(
  auth: RequestAuth,
  req: SignedRequest,
  operation: string,
  input?: unknown,
): Promise<Principal | AuthFailure> {
  const principal = await authenticateRequest(auth, req);
  if (principal instanceof AuthFailure) return principal;
  return authorizeOperation(auth, principal, operation, input) ?? principal;
}

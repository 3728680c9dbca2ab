import { AuthFailure, denied } from './auth-failure.js';
import type { Authenticator } from './authenticator.js';
import type { SignedRequest } from './signed-request.js';

/**
 * "Is this request signed by a container instance's own key, and which
 * instance?" — for channels where only an instance may speak: the agent
 * WebSocket's $connect (the agent signs the upgrade request, service `ecs`,
 * as it signs its polls). Operator keys are refused here: a channel that
 * pushes one instance's assignments belongs to that instance alone.
 */
export async function authenticateInstance(
  authenticator: Pick<Authenticator, 'authenticate'>,
  req: SignedRequest,
): Promise<{ cluster: string; id: string; arn: string } | AuthFailure> {
  const principal = await authenticator.authenticate(req, 'ecs');
  if (principal instanceof AuthFailure) return principal;
  if (!principal.containerInstance) return denied(`User: ${principal.arn} is not a container instance: sign with the instance's own key.`);
  return { ...principal.containerInstance, arn: principal.arn };
}

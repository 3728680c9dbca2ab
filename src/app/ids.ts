import { createHash } from 'node:crypto';
import type { AppContext } from './context.js';

/** Task and container instance ids: 32 hex characters, as ECS gives them. */
export const hexId = (ctx: Pick<AppContext, 'ids'>) => ctx.ids.uuid().replace(/-/g, '');

/** ECS deployment ids look like `ecs-svc/1234567890123456789`. */
export function deploymentId(ctx: Pick<AppContext, 'ids'>): string {
  const digits = BigInt(`0x${hexId(ctx).slice(0, 15)}`)
    .toString()
    .padStart(19, '0')
    .slice(-19);
  return `ecs-svc/${digits}`;
}

/** clientToken idempotency: same token + same parameters = the same call; the token itself is not a parameter. */
export function requestFingerprint(input: { clientToken?: string }): string {
  const { clientToken: _token, ...rest } = input;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

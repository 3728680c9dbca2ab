import type { RegisterContainerInstanceRequest } from '@aws-sdk/client-ecs';
import { AuthFailure, denied } from '../../auth/auth-failure.js';
import { newAccessKeyId, newSecretAccessKey, parseJoinToken, secretMatches } from '../../auth/issue.js';
import { clientError } from '../../domain/errors.js';
import type { Logger } from '../../logging/logger.js';
import type { JoinResponse } from '../../protocol/index.js';
import { clusterNameParam } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { registerContainerInstance } from '../container-instances/register-container-instance.js';
import { instanceIdParam } from '../container-instances/resolve-instance.js';
import type { SecurityStores } from '../security/security-stores.js';

/**
 * A host joins a cluster with a join token (`POST /agent/v1/register`), as an
 * ECS Anywhere host does with its activation: the token's cluster gets a new
 * container instance (or, for a host that kept its ARN but has no key yet,
 * that instance again), and the instance gets its own credential. From then
 * on the agent signs every call with that key and may act only as itself.
 */
/** The protocol's JoinResponse, with the instance as the ECS API describes it. */
export interface JoinResult extends JoinResponse {
  containerInstance: NonNullable<Awaited<ReturnType<typeof registerContainerInstance>>['containerInstance']>;
}

/** One message for every bad token (unknown, wrong secret, expired, used up): which it was is logged, not told. */
export const INVALID_JOIN_TOKEN =
  'The join token is invalid, expired or used up: create one with `npx berth join-token create --cluster <name>`.';

export async function joinCluster(
  token: string | undefined,
  input: RegisterContainerInstanceRequest,
  ctx: AppContext,
  sec: SecurityStores,
  log?: Pick<Logger, 'warn'>,
): Promise<JoinResult> {
  if (!token) throw new AuthFailure('missing', 'Registering a container instance needs a join token (Authorization: Bearer <token>).');
  const parts = parseJoinToken(token);
  const refuse = (reason: string) => {
    log?.warn('join refused', { reason, joinTokenId: parts?.id });
    return new AuthFailure('unknown-key', INVALID_JOIN_TOKEN);
  };
  if (!parts) throw refuse('malformed');
  const record = await sec.joinTokens.get(parts.id);
  const now = sec.clock.now();
  if (!record) throw refuse('unknown');
  if (!secretMatches(parts.secret, record.secretHash)) throw refuse('wrong secret');
  if (record.validUntil <= now) throw refuse('expired');

  const cluster = record.cluster;
  if (input.cluster !== undefined && clusterNameParam(input.cluster) !== cluster) {
    throw denied(`The join token is for cluster ${cluster}, not ${clusterNameParam(input.cluster)}.`);
  }
  if (input.containerInstanceArn) {
    const id = instanceIdParam(input.containerInstanceArn, cluster);
    const existing = id ? await ctx.instances.get(cluster, id) : undefined;
    if (existing?.agentKeyId && existing.status !== 'INACTIVE') {
      throw denied(
        `Container instance ${input.containerInstanceArn} already has its own credential: re-register with it (a join token cannot take over an instance).`,
      );
    }
  }
  if (!(await sec.joinTokens.claim(parts.id, now))) throw refuse('used up or expired');

  const registered = await registerContainerInstance({ ...input, cluster }, ctx);
  const arn = registered.containerInstance!.containerInstanceArn!;
  const instanceId = instanceIdParam(arn, cluster)!;
  const accessKeyId = newAccessKeyId('instance');
  const secretAccessKey = newSecretAccessKey();
  const issued = await sec.credentials.createForInstance({
    accessKeyId,
    kind: 'instance',
    name: arn,
    cluster,
    instanceId,
    sealedSecret: await sec.cipher.seal(secretAccessKey, accessKeyId),
    createdAt: now,
  });
  if (!issued) throw clientError('The container instance was deregistered, or given a credential, while it registered: register again.');
  return { containerInstance: registered.containerInstance!, credentials: { accessKeyId, secretAccessKey } };
}

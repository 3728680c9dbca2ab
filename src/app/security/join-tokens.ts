import { hashSecret, newJoinToken } from '../../auth/issue.js';
import type { JoinTokenRecord } from '../../ports/join-token-store.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { CredentialError } from './credentials.js';
import type { SecurityStores } from './security-stores.js';

/**
 * `berth join-token …`: what lets a new host join a cluster, as an ECS
 * Anywhere activation does. The token is shown once; Berth keeps its hash.
 */
export const DEFAULT_JOIN_TOKEN_TTL_MS = 24 * 3600 * 1000;
const MAX_JOIN_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

export interface NewJoinToken {
  cluster?: string;
  ttlMs?: number;
  maxRegistrations?: number;
}

export async function createJoinToken(
  input: NewJoinToken,
  sec: SecurityStores,
  ecs: Pick<AppContext, 'clusters'>,
): Promise<{ token: string; id: string; cluster: string; validUntil: number; maxRegistrations?: number }> {
  const cluster = await requireActiveCluster(ecs as AppContext, input.cluster).catch(() => {
    throw new CredentialError(`Cluster ${input.cluster ?? 'default'} does not exist (or is not ACTIVE): create it first.`);
  });
  const ttlMs = input.ttlMs ?? DEFAULT_JOIN_TOKEN_TTL_MS;
  if (!(ttlMs > 0 && ttlMs <= MAX_JOIN_TOKEN_TTL_MS)) throw new CredentialError('--expires must be between 1 minute and 30 days.');
  if (input.maxRegistrations !== undefined && !(Number.isInteger(input.maxRegistrations) && input.maxRegistrations > 0)) {
    throw new CredentialError('--max-registrations must be a positive whole number.');
  }
  const { id, secret, token } = newJoinToken();
  const now = sec.clock.now();
  const record: JoinTokenRecord = {
    id,
    cluster: cluster.clusterName,
    secretHash: hashSecret(secret),
    createdAt: now,
    validUntil: now + ttlMs,
    registrations: 0,
    ...(input.maxRegistrations ? { maxRegistrations: input.maxRegistrations } : {}),
  };
  await sec.joinTokens.create(record);
  return { token, id, cluster: record.cluster, validUntil: record.validUntil, maxRegistrations: record.maxRegistrations };
}

export async function listJoinTokens(sec: SecurityStores) {
  const now = sec.clock.now();
  return (await sec.joinTokens.list()).map((t) => ({
    id: t.id,
    cluster: t.cluster,
    validUntil: t.validUntil,
    expired: t.validUntil <= now,
    registrations: t.registrations,
    maxRegistrations: t.maxRegistrations,
  }));
}

export async function revokeJoinToken(id: string, sec: SecurityStores): Promise<void> {
  const bare = id.startsWith('bjt-') ? id.slice(4).split('.')[0]! : id;
  if (!(await sec.joinTokens.revoke(bare))) throw new CredentialError(`No join token ${bare}.`);
}

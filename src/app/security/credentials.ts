import { checkPolicy, PolicyError, type PolicyDocument } from '../../auth/policy.js';
import { POLICY_PRESETS, presetNames } from '../../auth/presets.js';
import { newAccessKeyId, newSecretAccessKey } from '../../auth/issue.js';
import { userArn } from '../../auth/principal.js';
import type { StoredCredential } from '../../ports/credential-store.js';
import type { SecurityStores } from './security-stores.js';

/** `berth credentials …`: Berth-issued access keys for people and tools, each with a policy. */

export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialError';
  }
}

const NAME = /^[\w+=,.@-]{1,64}$/;

export interface NewCredential {
  name: string;
  /** A preset name (admin, read-only) or a policy document. */
  policy: string | object;
  /** Only for well-known local keys such as test/test; otherwise generated. */
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface IssuedCredential {
  name: string;
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
  policy: string;
}

export async function createCredential(input: NewCredential, sec: SecurityStores): Promise<IssuedCredential> {
  if (!NAME.test(input.name))
    throw new CredentialError(`--name must be 1 to 64 letters, digits or +=,.@_- characters, not ${JSON.stringify(input.name)}.`);
  const preset = typeof input.policy === 'string' ? input.policy : undefined;
  let policy: PolicyDocument;
  if (preset !== undefined) {
    const found = POLICY_PRESETS[preset];
    if (!found)
      throw new CredentialError(`Unknown policy preset ${JSON.stringify(preset)}: use ${presetNames().join(' or ')}, or a policy file.`);
    policy = found;
  } else {
    try {
      policy = checkPolicy(input.policy);
    } catch (err) {
      if (err instanceof PolicyError) throw new CredentialError(`Invalid policy: ${err.message}`);
      throw err;
    }
  }
  const accessKeyId = input.accessKeyId ?? newAccessKeyId('user');
  const secretAccessKey = input.secretAccessKey ?? newSecretAccessKey();
  const cred: StoredCredential = {
    accessKeyId,
    kind: 'user',
    name: input.name,
    policy,
    ...(preset ? { preset } : {}),
    sealedSecret: await sec.cipher.seal(secretAccessKey, accessKeyId),
    createdAt: sec.clock.now(),
  };
  if (!(await sec.credentials.createUser(cred))) throw new CredentialError(`Access key ${accessKeyId} already exists.`);
  return { name: input.name, arn: userArn(sec.arn, input.name), accessKeyId, secretAccessKey, policy: describePolicy(cred) };
}

export interface CredentialSummary {
  name: string;
  accessKeyId: string;
  policy: string;
  createdAt: number;
}

export async function listCredentials(sec: SecurityStores): Promise<CredentialSummary[]> {
  return (await sec.credentials.listUsers()).map((c) => ({
    name: c.name,
    accessKeyId: c.accessKeyId,
    policy: describePolicy(c),
    createdAt: c.createdAt,
  }));
}

/** By access key id, or by name when exactly one key has it. Returns what was revoked. */
export async function revokeCredential(keyOrName: string, sec: SecurityStores): Promise<CredentialSummary> {
  const all = await listCredentials(sec);
  const byKey = all.find((c) => c.accessKeyId === keyOrName);
  const byName = all.filter((c) => c.name === keyOrName);
  const target = byKey ?? (byName.length === 1 ? byName[0] : undefined);
  if (!target) {
    if (byName.length > 1) {
      throw new CredentialError(
        `${byName.length} keys are named ${keyOrName} (${byName.map((c) => c.accessKeyId).join(', ')}): revoke one by access key id.`,
      );
    }
    throw new CredentialError(`No credential with access key id or name ${JSON.stringify(keyOrName)}.`);
  }
  if (!(await sec.credentials.deleteUser(target.accessKeyId)))
    throw new CredentialError(`Access key ${target.accessKeyId} was already revoked.`);
  return target;
}

/** The local stack's well-known admin key (test/test), created once so every README command works. */
export const DEFAULT_CREDENTIAL = { name: 'test', accessKeyId: 'test', secretAccessKey: 'test' } as const;

/** Creates test/test (admin) unless it exists; returns whether it was created. */
export async function ensureDefaultCredential(sec: SecurityStores): Promise<boolean> {
  if (await sec.credentials.get(DEFAULT_CREDENTIAL.accessKeyId)) return false;
  try {
    await createCredential({ ...DEFAULT_CREDENTIAL, policy: 'admin' }, sec);
    return true;
  } catch (err) {
    // Another start created it between the read and the write.
    if (err instanceof CredentialError && (await sec.credentials.get(DEFAULT_CREDENTIAL.accessKeyId))) return false;
    throw err;
  }
}

function describePolicy(c: StoredCredential): string {
  if (c.preset) return c.preset;
  const statements = c.policy ? (Array.isArray(c.policy.Statement) ? c.policy.Statement.length : 1) : 0;
  return `custom (${statements} statement${statements === 1 ? '' : 's'})`;
}

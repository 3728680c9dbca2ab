/**
 * Who this host is: the container instance ARN, saved in the state dir so an
 * agent restart re-registers the same instance (and its running tasks stay
 * its own) instead of appearing as a new host; and the instance's own
 * credential, handed out when it joined the cluster with a join token, kept
 * beside it in a file only the agent's user can read (0600).
 */
import { chmodSync } from 'node:fs';
import type { AgentCredentials } from '../../protocol/index.js';
import type { ControlPlaneClient } from './control-plane-client.js';
import { ControlPlaneError, isControlPlaneError } from './control-plane-error.js';
import type { Logger } from '../../logging/logger.js';
import type { RegisterRequest } from './ecs-registration.js';
import { readJsonFile, writeJsonFileAtomic } from './state-file.js';

export interface InstanceIdentity {
  cluster: string;
  containerInstanceArn: string;
}

interface SavedCredentials extends AgentCredentials, InstanceIdentity {}

/** The saved ARN, if it belongs to `cluster`; an unreadable file just means registering anew. */
export function loadIdentity(file: string, cluster: string, logger: Logger): string | undefined {
  try {
    const saved = readJsonFile(file) as Partial<InstanceIdentity> | undefined;
    return saved?.cluster === cluster && typeof saved.containerInstanceArn === 'string' ? saved.containerInstanceArn : undefined;
  } catch (err) {
    logger.warn('saved container instance identity is unreadable; registering as a new instance', { file, error: err });
    return undefined;
  }
}

export function saveIdentity(file: string, identity: InstanceIdentity): void {
  writeJsonFileAtomic(file, identity);
}

function loadCredentials(file: string, cluster: string, logger: Logger): SavedCredentials | undefined {
  try {
    const saved = readJsonFile(file) as Partial<SavedCredentials> | undefined;
    if (saved?.cluster !== cluster) return undefined;
    const { accessKeyId, secretAccessKey, containerInstanceArn } = saved;
    if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string' || typeof containerInstanceArn !== 'string')
      return undefined;
    // Tighten a file someone loosened: it holds a secret.
    chmodSync(file, 0o600);
    return { cluster, accessKeyId, secretAccessKey, containerInstanceArn };
  } catch (err) {
    logger.warn('saved credentials are unreadable; joining again', { file, error: err });
    return undefined;
  }
}

export interface RegistrationOptions {
  cluster: string;
  /** <state-dir>/credentials.json. */
  credentialsFile: string;
  /** Needed only when the host has no (valid) credential of its own yet. */
  joinToken?: string;
}

/**
 * Registers, with the instance's own credential when it has one (an agent
 * restart: the same instance again), else by joining the cluster with the
 * join token, which hands out a credential; that is saved for the next start.
 * A saved credential the control plane no longer knows (the instance was
 * deregistered, or the control plane's data was reset) means joining again.
 * `req.containerInstanceArn` keeps the host's identity across a reset; if the
 * control plane refuses it, the host joins as a new instance, whose old tasks
 * the control plane reports unknown so the agent stops them.
 */
export async function registerInstance(
  client: ControlPlaneClient,
  req: RegisterRequest,
  logger: Logger,
  opts: RegistrationOptions,
): Promise<string> {
  const saved = loadCredentials(opts.credentialsFile, opts.cluster, logger);
  if (saved) {
    client.setCredentials(saved);
    try {
      return await client.registerContainerInstance({ ...req, containerInstanceArn: saved.containerInstanceArn });
    } catch (err) {
      if (!isControlPlaneError(err) || err.retryable || err.type === 'ClusterNotFoundException') throw err;
      logger.warn("the control plane refused this host's saved credential; joining the cluster again", { error: err });
      client.setCredentials(undefined);
    }
  }
  if (!opts.joinToken) {
    throw new ControlPlaneError(
      'MissingJoinToken',
      `this host has no credential for cluster ${opts.cluster}: start the agent with --join-token (create one with \`npx berth join-token create --cluster ${opts.cluster}\`)`,
    );
  }
  const joined = await join(client, opts.joinToken, req, logger);
  writeJsonFileAtomic(
    opts.credentialsFile,
    { cluster: opts.cluster, containerInstanceArn: joined.containerInstanceArn, ...joined.credentials },
    0o600,
  );
  client.setCredentials(joined.credentials);
  return joined.containerInstanceArn;
}

async function join(client: ControlPlaneClient, joinToken: string, req: RegisterRequest, logger: Logger) {
  if (req.containerInstanceArn) {
    try {
      return await client.join(joinToken, req);
    } catch (err) {
      if (!isControlPlaneError(err) || err.retryable || !['AccessDeniedException', 'InvalidParameterException'].includes(err.type))
        throw err;
      logger.warn('the control plane refused the saved container instance ARN; joining as a new instance', {
        containerInstanceArn: req.containerInstanceArn,
        error: err,
      });
    }
  }
  return client.join(joinToken, { ...req, containerInstanceArn: undefined });
}

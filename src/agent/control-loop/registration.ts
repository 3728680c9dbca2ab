/**
 * Who this host is: the container instance ARN, saved in the state dir so an
 * agent restart re-registers the same instance (and its running tasks stay
 * its own) instead of appearing as a new host.
 */
import type { ControlPlaneClient } from './control-plane-client.js';
import { isControlPlaneError } from './control-plane-error.js';
import type { Logger } from '../../logging/logger.js';
import type { RegisterRequest } from './ecs-registration.js';
import { readJsonFile, writeJsonFileAtomic } from './state-file.js';

export interface InstanceIdentity {
  cluster: string;
  containerInstanceArn: string;
}

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

/**
 * Registers, re-using `req.containerInstanceArn` when given. If the control
 * plane refuses that ARN (deregistered, or from another deployment), the host
 * registers as a new instance; the control plane then reports the old
 * instance's tasks as unknown and the agent stops them.
 */
export async function registerInstance(client: ControlPlaneClient, req: RegisterRequest, logger: Logger): Promise<string> {
  if (req.containerInstanceArn) {
    try {
      return await client.registerContainerInstance(req);
    } catch (err) {
      if (!isControlPlaneError(err) || err.retryable || err.type === 'ClusterNotFoundException') throw err;
      logger.warn('the control plane refused the saved container instance ARN; registering as a new instance', {
        containerInstanceArn: req.containerInstanceArn,
        error: err,
      });
    }
  }
  return client.registerContainerInstance({ ...req, containerInstanceArn: undefined });
}

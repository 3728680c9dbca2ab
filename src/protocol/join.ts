/**
 * The join's answer (`POST /agent/v1/register` with a join token): the
 * container instance as RegisterContainerInstance answers it, and the
 * instance's own access key, which signs every later call.
 */
import { MAX_ID_LENGTH } from './bounds.js';
import { InvalidMessageError } from './invalid-message-error.js';
import { object, text } from './reader.js';

/** The instance's own access key, handed out when it joined with a join token. */
export interface AgentCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface JoinResponse {
  /** The ECS ContainerInstance shape (as DescribeContainerInstances has it); the agent reads only the ARN. */
  containerInstance: { containerInstanceArn?: string };
  credentials: AgentCredentials;
}

/** What the agent keeps of the answer. */
export interface JoinedInstance {
  containerInstanceArn: string;
  credentials: AgentCredentials;
}

const FIELDS = new Set(['containerInstance', 'credentials']);
const CREDENTIAL_FIELDS = new Set(['accessKeyId', 'secretAccessKey']);

export function parseJoinResponse(value: unknown, path = 'join'): JoinedInstance {
  const r = object(value, path, FIELDS);
  const instance = r.containerInstance;
  // ECS's own shape, which grows with ECS: its members are not the protocol's to police, only the ARN.
  if (typeof instance !== 'object' || instance === null || Array.isArray(instance))
    throw new InvalidMessageError(`${path}.containerInstance`, 'must be an object');
  const c = object(r.credentials, `${path}.credentials`, CREDENTIAL_FIELDS);
  return {
    containerInstanceArn: text(
      (instance as Record<string, unknown>).containerInstanceArn,
      `${path}.containerInstance.containerInstanceArn`,
      MAX_ID_LENGTH,
    ),
    credentials: {
      accessKeyId: text(c.accessKeyId, `${path}.credentials.accessKeyId`, 128),
      secretAccessKey: text(c.secretAccessKey, `${path}.credentials.secretAccessKey`, 128),
    },
  };
}

import { clusterArn, containerInstanceArn, type ArnContext } from '../domain/arn.js';
import type { Caller } from '../domain/caller.js';
import type { StoredCredential } from '../ports/credential-store.js';
import { CompiledPolicy, type PolicyDocument } from './policy.js';

/**
 * Who signed a request. A user is a Berth-issued credential with its own
 * policy; an instance is a container instance's own credential (handed out at
 * registration), whose policy is fixed: it may act on itself and report into
 * its cluster, nothing else.
 */
export interface Principal extends Caller {
  accessKeyId: string;
  policy: CompiledPolicy;
}

export function principalOf(cred: StoredCredential, arn: ArnContext): Principal {
  if (cred.kind === 'instance') {
    const cluster = cred.cluster!;
    const id = cred.instanceId!;
    return {
      accessKeyId: cred.accessKeyId,
      arn: containerInstanceArn(arn, cluster, id),
      containerInstance: { cluster, id },
      policy: new CompiledPolicy(instancePolicy(arn, cluster, id)),
    };
  }
  return { accessKeyId: cred.accessKeyId, arn: userArn(arn, cred.name), policy: new CompiledPolicy(cred.policy!) };
}

export const userArn = (arn: ArnContext, name: string) => `arn:aws:iam::${arn.accountId}:user/${name}`;

/**
 * What a container instance's own credential may do, as ECS's instance role
 * (AmazonEC2ContainerServiceforEC2Role) but scoped to the one instance:
 * register (again), poll and deregister itself; discover its endpoint and
 * report task state in its cluster — and the use cases check a reported task
 * runs on it.
 */
export function instancePolicy(arn: ArnContext, cluster: string, id: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['ecs:RegisterContainerInstance', 'ecs:DeregisterContainerInstance', 'ecs:Poll'],
        Resource: containerInstanceArn(arn, cluster, id),
      },
      {
        Effect: 'Allow',
        Action: ['ecs:DiscoverPollEndpoint', 'ecs:SubmitTaskStateChange', 'ecs:SubmitContainerStateChange'],
        Resource: clusterArn(arn, cluster),
      },
    ],
  };
}

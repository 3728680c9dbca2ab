/** A task's network bindings as links a person can open. */
import type { Container } from '@aws-sdk/client-ecs';
import type { Wire } from '../../../src/domain/wire.js';

export interface BindingLink {
  container: string;
  containerPort?: number;
  hostPort?: number;
  protocol: string;
  /** http://host:port/ for TCP bindings with a host port. */
  url?: string;
  /** host:port as text. */
  address: string;
}

const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * `hostFallback` names the instance's host when a binding listens on every
 * address (0.0.0.0): ECS's own console shows the EC2 instance's address there;
 * Berth's instances do not publish one, so the console uses the host it
 * reached Berth's endpoint on (every local instance runs on that machine).
 */
export function bindingLinks(containers: readonly Wire<Container>[] | undefined, hostFallback: string): BindingLink[] {
  return (containers ?? []).flatMap((c) =>
    (c.networkBindings ?? []).map((b) => {
      const ip = b.bindIP ?? '';
      const host = WILDCARD.has(ip) ? hostFallback : ip.includes(':') ? `[${ip}]` : ip;
      const protocol = b.protocol ?? 'tcp';
      const address = b.hostPort ? `${host}:${b.hostPort}` : host;
      return {
        container: c.name ?? '',
        containerPort: b.containerPort,
        hostPort: b.hostPort,
        protocol,
        address,
        ...(protocol === 'tcp' && b.hostPort ? { url: `http://${address}/` } : {}),
      };
    }),
  );
}

/**
 * ECS ARNs in the long format ECS uses since 2018:
 *   cluster/<name>, task-definition/<family>:<rev>, service/<cluster>/<name>,
 *   task/<cluster>/<id>, container-instance/<cluster>/<id>.
 * Every operation accepts a name or an ARN wherever ECS does; these helpers
 * turn either into the bare identifier.
 */
export interface ArnContext {
  region: string;
  accountId: string;
}

export type ResourceKind = 'cluster' | 'task-definition' | 'service' | 'task' | 'container-instance';

const prefix = (ctx: ArnContext) => `arn:aws:ecs:${ctx.region}:${ctx.accountId}:`;

export const clusterArn = (ctx: ArnContext, name: string) => `${prefix(ctx)}cluster/${name}`;
export const taskDefinitionArn = (ctx: ArnContext, family: string, revision: number) =>
  `${prefix(ctx)}task-definition/${family}:${revision}`;
export const serviceArn = (ctx: ArnContext, cluster: string, name: string) => `${prefix(ctx)}service/${cluster}/${name}`;
export const taskArn = (ctx: ArnContext, cluster: string, id: string) => `${prefix(ctx)}task/${cluster}/${id}`;
export const containerInstanceArn = (ctx: ArnContext, cluster: string, id: string) => `${prefix(ctx)}container-instance/${cluster}/${id}`;

export interface ParsedArn {
  region: string;
  accountId: string;
  kind: ResourceKind;
  /** The part after `<kind>/`, e.g. `web:3` or `my-cluster/abc123`. */
  resource: string;
}

const ARN_RE = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):(cluster|task-definition|service|task|container-instance)\/(.+)$/;

export function parseArn(value: string): ParsedArn | undefined {
  const m = ARN_RE.exec(value);
  if (!m) return undefined;
  return { region: m[1], accountId: m[2], kind: m[3] as ResourceKind, resource: m[4] };
}

export const isArn = (value: string) => value.startsWith('arn:');

/** `my-cluster` or `arn:…:cluster/my-cluster` → `my-cluster`; undefined for an ARN of another kind. */
export function clusterNameOf(value: string): string | undefined {
  if (!isArn(value)) return value;
  const arn = parseArn(value);
  return arn?.kind === 'cluster' ? arn.resource : undefined;
}

/**
 * A service, task or container instance given by name/id or ARN. ARNs carry
 * their cluster (new format) – returned so callers can check it matches.
 */
export function childIdOf(value: string, kind: 'service' | 'task' | 'container-instance'): { id: string; cluster?: string } | undefined {
  if (!isArn(value)) return { id: value };
  const arn = parseArn(value);
  if (arn?.kind !== kind) return undefined;
  const slash = arn.resource.lastIndexOf('/');
  return slash < 0 ? { id: arn.resource } : { id: arn.resource.slice(slash + 1), cluster: arn.resource.slice(0, slash) };
}

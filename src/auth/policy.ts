/**
 * IAM-style identity policies, the subset Berth evaluates: statements with
 * Effect Allow/Deny, Action or NotAction (`service:Operation`, wildcards `*`
 * and `?`, case-insensitive), Resource or NotResource (ARNs with wildcards,
 * case-sensitive). As in IAM: nothing is allowed unless a statement allows it,
 * and an explicit Deny beats any Allow. Elements Berth cannot evaluate
 * (Condition, Principal) are refused when the policy is stored, never
 * ignored: a policy that says more than Berth enforces would lie.
 */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource']);
const ACTION = /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/i;
/** IAM's own cap on a user's inline policy size. */
export const MAX_POLICY_BYTES = 2048 * 5;

/** Checks a parsed JSON value is a policy Berth can enforce; returns it typed. Throws PolicyError saying what is wrong. */
export function checkPolicy(value: unknown): PolicyDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PolicyError('A policy must be a JSON object.');
  if (JSON.stringify(value).length > MAX_POLICY_BYTES) throw new PolicyError(`A policy must be at most ${MAX_POLICY_BYTES} characters.`);
  const doc = value as Record<string, unknown>;
  for (const key of Object.keys(doc)) {
    if (key !== 'Version' && key !== 'Statement' && key !== 'Id') throw new PolicyError(`Unsupported policy element: ${key}.`);
  }
  if (doc.Version !== undefined && !VERSIONS.has(doc.Version as string)) {
    throw new PolicyError(`Version must be "2012-10-17" (or "2008-10-17"), not ${JSON.stringify(doc.Version)}.`);
  }
  const statements = listOf(doc.Statement);
  if (statements.length === 0) throw new PolicyError('A policy needs at least one Statement.');
  statements.forEach((s, i) => checkStatement(s, i));
  return value as PolicyDocument;
}

function checkStatement(value: unknown, index: number): void {
  const at = `Statement ${index + 1}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PolicyError(`${at} must be an object.`);
  const s = value as Record<string, unknown>;
  for (const key of Object.keys(s)) {
    if (!STATEMENT_KEYS.has(key)) {
      throw new PolicyError(
        `${at}: ${key} is not supported (Berth evaluates Effect, Action/NotAction and Resource/NotResource only; ${key === 'Condition' ? 'conditions' : 'it'} would be ignored, so the policy is refused).`,
      );
    }
  }
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new PolicyError(`${at}: Effect must be "Allow" or "Deny".`);
  if ((s.Action === undefined) === (s.NotAction === undefined))
    throw new PolicyError(`${at}: exactly one of Action and NotAction is required.`);
  if ((s.Resource === undefined) === (s.NotResource === undefined)) {
    throw new PolicyError(`${at}: exactly one of Resource and NotResource is required.`);
  }
  for (const action of strings(s.Action ?? s.NotAction, `${at}: Action`)) {
    if (!ACTION.test(action))
      throw new PolicyError(`${at}: "${action}" is not an action (service:Operation, e.g. ecs:DescribeClusters or ecs:Describe*).`);
  }
  for (const resource of strings(s.Resource ?? s.NotResource, `${at}: Resource`)) {
    if (resource !== '*' && !resource.startsWith('arn:')) throw new PolicyError(`${at}: "${resource}" is not "*" or an ARN.`);
  }
}

function strings(value: unknown, what: string): string[] {
  const list = listOf(value);
  if (list.length === 0 || list.some((v) => typeof v !== 'string' || v === ''))
    throw new PolicyError(`${what} must be a string or a list of strings.`);
  return list as string[];
}

const listOf = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

interface CompiledStatement {
  allow: boolean;
  /** Lower-cased: actions match case-insensitively. */
  actions: string[];
  actionsNegated: boolean;
  resources: string[];
  resourcesNegated: boolean;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

/** A policy with its patterns compiled once, for evaluation per request. */
export class CompiledPolicy {
  private readonly statements: CompiledStatement[];

  constructor(doc: PolicyDocument) {
    this.statements = listOf(doc.Statement).map((raw) => {
      const s = raw as PolicyStatement;
      return {
        allow: s.Effect === 'Allow',
        actions: (listOf(s.Action ?? s.NotAction) as string[]).map((a) => a.toLowerCase()),
        actionsNegated: s.Action === undefined,
        resources: listOf(s.Resource ?? s.NotResource) as string[],
        resourcesNegated: s.Resource === undefined,
      };
    });
  }

  /** IAM's evaluation for one action on one resource: an explicit Deny wins, then any Allow, else deny. */
  evaluate(action: string, resource: string): Decision {
    let allowed = false;
    const lowerAction = action.toLowerCase();
    for (const s of this.statements) {
      if (s.actions.some((p) => wildcardMatch(p, lowerAction)) === s.actionsNegated) continue;
      if (s.resources.some((p) => wildcardMatch(p, resource)) === s.resourcesNegated) continue;
      if (!s.allow) return 'explicit-deny';
      allowed = true;
    }
    return allowed ? 'allow' : 'implicit-deny';
  }
}

/**
 * IAM wildcards: `*` any run of characters, `?` exactly one. Two pointers,
 * backtracking only to the last `*`: linear in practice and never
 * exponential, whatever pattern an administrator writes.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

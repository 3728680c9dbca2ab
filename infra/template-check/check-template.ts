/**
 * An offline check of a CloudFormation template, run on what `npm run package`
 * writes (cfn-lint's core rules, with CloudFormation's resource specification
 * from npm): the template's sections and limits; every resource's type,
 * attributes and properties (unknown, missing required, wrong type, values
 * outside the allowed ones, nested property types too); every intrinsic
 * function's shape; every Ref, Fn::GetAtt (the attribute exists on that type),
 * Fn::Sub variable, DependsOn and Condition names something that exists; no
 * dependency cycle; no Serverless variable left unresolved; IAM policy
 * documents well formed. Each finding names the resource (or section) and the
 * path in it.
 */
import type { PropertyType, ResourceSpecs } from './resource-spec.js';
import { TemplateRefs } from './template-refs.js';

export interface Finding {
  /** `Resources.<LogicalId> (<Type>)`, `Outputs.<Name>`, or a section. */
  where: string;
  path: string;
  message: string;
}

export const formatFinding = (f: Finding) => `${f.where}${f.path ? ` ${f.path}` : ''}: ${f.message}`;

type Json = unknown;
type Obj = Record<string, Json>;

const SECTIONS = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
  'Rules',
]);
const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Condition',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy',
]);
const POLICIES = ['Delete', 'Retain', 'Snapshot', 'RetainExceptOnCreate'];
/** CloudFormation quotas (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html). */
const LIMITS = { resources: 500, outputs: 200, parameters: 200, logicalId: 255, templateBytes: 1_000_000 };
/** A Serverless Framework variable that osls should have resolved (`${self:…}`, `${aws:accountId}`, `${env:X, 'y'}`). */
const UNRESOLVED = /\$\{(?:self|sls|opt|env|aws|file|cf|s3|ssm|param|strToBool|git):[^}]*\}/;

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: Json) =>
  Array.isArray(v) ? 'a list' : v === null ? 'null' : isObj(v) ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;

export function checkTemplate(template: Json, specs: ResourceSpecs, sizeBytes?: number): Finding[] {
  const findings: Finding[] = [];
  if (!isObj(template)) return [{ where: 'Template', path: '', message: 'is not a JSON object' }];
  const add = (where: string, path: string, message: string) => findings.push({ where, path, message });

  for (const key of Object.keys(template)) if (!SECTIONS.has(key)) add('Template', key, 'is not a template section');
  if (template.AWSTemplateFormatVersion !== undefined && template.AWSTemplateFormatVersion !== '2010-09-09')
    add('Template', 'AWSTemplateFormatVersion', 'must be "2010-09-09"');
  if (sizeBytes !== undefined && sizeBytes > LIMITS.templateBytes)
    add('Template', '', `is ${sizeBytes} bytes; CloudFormation takes at most ${LIMITS.templateBytes}`);
  const resources = template.Resources;
  if (!isObj(resources) || Object.keys(resources).length === 0) {
    add('Template', 'Resources', 'must name at least one resource');
    return findings;
  }
  for (const [section, limit] of [
    ['Resources', LIMITS.resources],
    ['Outputs', LIMITS.outputs],
    ['Parameters', LIMITS.parameters],
  ] as const) {
    const n = isObj(template[section]) ? Object.keys(template[section]).length : 0;
    if (n > limit) add('Template', section, `has ${n} entries; CloudFormation takes at most ${limit}`);
  }

  const refs = new TemplateRefs(template, specs);
  for (const [id, resource] of Object.entries(resources)) {
    const where = `Resources.${id}${isObj(resource) && typeof resource.Type === 'string' ? ` (${resource.Type})` : ''}`;
    const report = (path: string, message: string) => add(where, path, message);
    if (!/^[A-Za-z0-9]+$/.test(id) || id.length > LIMITS.logicalId)
      report('', `logical ID must be 1-${LIMITS.logicalId} letters and digits`);
    if (!isObj(resource)) {
      report('', 'must be an object');
      continue;
    }
    checkResource(resource, specs, refs, report);
  }
  for (const [name, output] of Object.entries(isObj(template.Outputs) ? template.Outputs : {})) {
    const report = (path: string, message: string) => add(`Outputs.${name}`, path, message);
    if (!isObj(output) || output.Value === undefined) report('', 'must have a Value');
    else walkValues(output, '', refs, report);
  }
  for (const [name, condition] of Object.entries(isObj(template.Conditions) ? template.Conditions : {})) {
    walkValues(condition, '', refs, (path, message) => add(`Conditions.${name}`, path, message), true);
  }
  for (const cycle of refs.cycles()) add(`Resources.${cycle[0]}`, '', `circular dependency: ${cycle.join(' → ')}`);
  return findings;
}

function checkResource(resource: Obj, specs: ResourceSpecs, refs: TemplateRefs, report: (path: string, message: string) => void): void {
  for (const key of Object.keys(resource)) if (!RESOURCE_KEYS.has(key)) report(key, 'is not a resource attribute');
  for (const key of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
    const v = resource[key];
    if (v !== undefined && !(typeof v === 'string' && POLICIES.includes(v)))
      report(key, `must be one of ${POLICIES.join(', ')}, not ${describe(v)}`);
  }
  // A resource kept on stack deletion but not on replacement is lost by an update that replaces it, and the reverse
  // (cfn-lint W3011: one policy alone is fine only as Delete; versions of a function or layer are exempt).
  const alone =
    resource.DeletionPolicy === undefined
      ? 'UpdateReplacePolicy'
      : resource.UpdateReplacePolicy === undefined
        ? 'DeletionPolicy'
        : undefined;
  if (
    alone &&
    resource[alone] !== undefined &&
    resource[alone] !== 'Delete' &&
    !['AWS::Lambda::Version', 'AWS::Lambda::LayerVersion'].includes(String(resource.Type))
  )
    report(
      alone === 'DeletionPolicy' ? 'UpdateReplacePolicy' : 'DeletionPolicy',
      `is needed beside ${alone} ${String(resource[alone])}: together they protect the resource`,
    );
  const dependsOn = resource.DependsOn === undefined ? [] : Array.isArray(resource.DependsOn) ? resource.DependsOn : [resource.DependsOn];
  for (const d of dependsOn)
    if (typeof d !== 'string' || !refs.isResource(d)) report('DependsOn', `names no resource of this template: ${describe(d)}`);
  if (resource.Condition !== undefined && !(typeof resource.Condition === 'string' && refs.isCondition(resource.Condition)))
    report('Condition', `names no condition of this template: ${describe(resource.Condition)}`);

  const type = resource.Type;
  if (typeof type !== 'string') return report('Type', 'is required (a string)');
  if (resource.Properties !== undefined && !isObj(resource.Properties)) return report('Properties', 'must be an object');
  const properties = (resource.Properties as Obj | undefined) ?? {};
  walkValues(properties, 'Properties', refs, report);
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') return;
  const spec = specs.resource(type);
  if (!spec) return report('Type', `${type} is not a CloudFormation resource type`);
  checkObject(properties, spec.properties, 'Properties', specs, report);
  if (isPolicyHolder(type)) checkPolicies(properties, report);
}

/** Properties of a resource or of a nested property type. */
function checkObject(
  value: Obj,
  props: Record<string, { type: PropertyType; required?: boolean }>,
  path: string,
  specs: ResourceSpecs,
  report: (path: string, message: string) => void,
): void {
  for (const [name, prop] of Object.entries(props))
    if (prop.required && value[name] === undefined) report(`${path}.${name}`, 'is required');
  for (const [name, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const prop = props[name];
    if (!prop) report(`${path}.${name}`, `is not a property here (known: ${Object.keys(props).sort().join(', ') || 'none'})`);
    else checkValue(v, prop.type, `${path}.${name}`, specs, report);
  }
}

/** One value against its property type; an intrinsic function stands for any value (its own shape is checked by walkValues). */
function checkValue(
  v: Json,
  type: PropertyType,
  path: string,
  specs: ResourceSpecs,
  report: (path: string, message: string) => void,
): void {
  if (isIntrinsic(v)) return;
  const problem = typeProblem(v, type, path, specs);
  for (const [p, message] of problem) report(p, message);
}

function typeProblem(v: Json, type: PropertyType, path: string, specs: ResourceSpecs): [string, string][] {
  const wrong = (expected: string): [string, string][] => [[path, `must be ${expected}, not ${describe(v)}`]];
  switch (type.type) {
    case 'string':
    case 'date-time': {
      // CloudFormation turns numbers and booleans into strings where a string is expected.
      if (!['string', 'number', 'boolean'].includes(typeof v)) return wrong('a string');
      const allowed = type.type === 'string' ? type.allowedValues : undefined;
      if (allowed?.length && !allowed.includes(String(v))) return [[path, `${JSON.stringify(v)} is not one of ${allowed.join(', ')}`]];
      return [];
    }
    case 'number':
    case 'integer': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n) || (type.type === 'integer' && !Number.isInteger(n)))
        return wrong(type.type === 'integer' ? 'an integer' : 'a number');
      if (type.type === 'integer' && type.allowedValues?.length && !type.allowedValues.includes(n))
        return [[path, `${n} is not one of ${type.allowedValues.join(', ')}`]];
      return [];
    }
    case 'boolean':
      return typeof v === 'boolean' || v === 'true' || v === 'false' ? [] : wrong('a boolean');
    case 'json':
      return isObj(v) || Array.isArray(v) || typeof v === 'string' ? [] : wrong('a JSON object');
    case 'null':
      return v === null ? [] : wrong('null');
    case 'tag':
      return isObj(v) && v.Key !== undefined && v.Value !== undefined ? [] : wrong('a tag {Key, Value}');
    case 'array':
      if (!Array.isArray(v)) return wrong('a list');
      return v.flatMap((e, i) => (isIntrinsic(e) ? [] : typeProblem(e, type.element, `${path}[${i}]`, specs)));
    case 'map':
      if (!isObj(v)) return wrong('a map');
      return Object.entries(v).flatMap(([k, e]) => (isIntrinsic(e) ? [] : typeProblem(e, type.element, `${path}.${k}`, specs)));
    case 'ref': {
      if (!isObj(v)) return wrong('an object');
      const found: [string, string][] = [];
      checkObject(v, specs.definition(type.reference).properties, path, specs, (p, m) => found.push([p, m]));
      return found;
    }
    case 'union': {
      // Several resources admit a typed structure or free-form JSON (older specifications): a value shaped like
      // the structure is held to it, or the JSON variant would let every mistake through.
      const kind = (t: PropertyType) => (t.type === 'array' ? 'list' : t.type === 'ref' || t.type === 'map' ? 'object' : t.type);
      const shaped = type.types.filter((t) => kind(t) === (Array.isArray(v) ? 'list' : isObj(v) ? 'object' : 'scalar'));
      const typed = type.types.filter((t) => t.type === 'array' || t.type === 'ref' || t.type === 'map');
      const candidates = shaped.length ? shaped : (isObj(v) || Array.isArray(v)) && typed.length ? typed : type.types;
      const tries = candidates.map((t) => typeProblem(v, t, path, specs));
      return tries.some((t) => t.length === 0) ? [] : tries.reduce((a, b) => (b.length < a.length ? b : a));
    }
    default:
      return [];
  }
}

const INTRINSICS = new Set([
  'Ref',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::If',
  'Fn::FindInMap',
  'Fn::Base64',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::Cidr',
  'Fn::Transform',
  'Fn::Equals',
  'Fn::And',
  'Fn::Or',
  'Fn::Not',
  'Condition',
  'Fn::ToJsonString',
  'Fn::Length',
]);
const CONDITION_FUNCTIONS = new Set(['Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not', 'Condition']);

function isIntrinsic(v: Json): v is Obj {
  if (!isObj(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** Every intrinsic function under `v`: known, well formed, naming what exists; and no unresolved Serverless variable. */
function walkValues(v: Json, path: string, refs: TemplateRefs, report: (path: string, message: string) => void, inCondition = false): void {
  if (typeof v === 'string') {
    if (UNRESOLVED.test(v)) report(path, `holds an unresolved Serverless variable: ${JSON.stringify(v.match(UNRESOLVED)![0])}`);
    return;
  }
  if (Array.isArray(v)) return v.forEach((e, i) => walkValues(e, `${path}[${i}]`, refs, report, inCondition));
  if (!isObj(v)) return;
  const keys = Object.keys(v);
  const fn =
    keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || (inCondition && keys[0] === 'Condition'))
      ? keys[0]
      : undefined;
  if (!fn) {
    for (const k of keys) if (k.startsWith('Fn::')) report(`${path}.${k}`, 'an intrinsic function must be the only key of its object');
    for (const [k, e] of Object.entries(v)) walkValues(e, path ? `${path}.${k}` : k, refs, report, inCondition);
    return;
  }
  const at = `${path}.${fn}`;
  const arg = v[fn];
  if (!INTRINSICS.has(fn)) return report(at, `${fn} is not an intrinsic function`);
  if (CONDITION_FUNCTIONS.has(fn) && !inCondition && fn !== 'Fn::Equals') report(at, `${fn} belongs in Conditions or Fn::If`);
  const problem = refs.checkIntrinsic(fn, arg);
  if (problem) report(at, problem);
  // Fn::Sub's string is checked by checkIntrinsic (its ${…} are references, not Serverless variables).
  const nested = fn === 'Fn::Sub' ? (Array.isArray(arg) ? arg[1] : undefined) : fn === 'Ref' ? undefined : arg;
  walkValues(nested, at, refs, report, inCondition || fn === 'Fn::If');
}

const isPolicyHolder = (type: string) => type === 'AWS::IAM::Role' || type === 'AWS::IAM::Policy' || type === 'AWS::IAM::ManagedPolicy';

/** IAM policy documents inside a role or policy resource: Version, and Statements with Effect, Action and Resource. */
function checkPolicies(properties: Obj, report: (path: string, message: string) => void): void {
  const docs: [string, Json][] = [];
  if (Array.isArray(properties.Policies))
    properties.Policies.forEach((p, i) => isObj(p) && docs.push([`Properties.Policies[${i}].PolicyDocument`, p.PolicyDocument]));
  if (properties.PolicyDocument !== undefined) docs.push(['Properties.PolicyDocument', properties.PolicyDocument]);
  for (const [path, doc] of docs) {
    if (!isObj(doc)) {
      report(path, 'must be a policy document object');
      continue;
    }
    if (doc.Version !== '2012-10-17') report(`${path}.Version`, 'must be "2012-10-17" (policy variables and current features need it)');
    const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    statements.forEach((s, i) => {
      const at = `${path}.Statement[${i}]`;
      if (!isObj(s)) return report(at, 'must be an object');
      if (s.Effect !== 'Allow' && s.Effect !== 'Deny') report(`${at}.Effect`, 'must be Allow or Deny');
      const actions = s.Action ?? s.NotAction;
      if (actions === undefined) report(at, 'needs Action or NotAction');
      for (const a of Array.isArray(actions) ? actions : [actions])
        if (actions !== undefined && (typeof a !== 'string' || !/^([a-z0-9-]+:[A-Za-z0-9*?]+|\*)$/.test(a)))
          report(`${at}.Action`, `${describe(a)} is not service:Action`);
      if (s.Resource === undefined && s.NotResource === undefined) report(at, 'needs Resource or NotResource');
    });
  }
}

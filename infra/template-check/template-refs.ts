/**
 * What a template's names refer to: resources, parameters, conditions,
 * mappings and pseudo parameters; the shape of each intrinsic function and
 * whether what it names exists (an Fn::GetAtt attribute on that resource
 * type too); the dependency graph between resources and its cycles.
 */
import type { ResourceSpecs } from './resource-spec.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** `${Name}` or `${Name.Attr}` in an Fn::Sub string; `${!Literal}` is text. */
const SUB_VARIABLE = /\$\{(?!!)([^}]*)\}/g;

export class TemplateRefs {
  private readonly resources: Obj;
  private readonly names: (section: string) => Set<string>;
  private readonly deps = new Map<string, Set<string>>();

  constructor(
    template: Obj,
    private readonly specs: ResourceSpecs,
  ) {
    this.resources = isObj(template.Resources) ? template.Resources : {};
    this.names = (section) => new Set(isObj(template[section]) ? Object.keys(template[section]) : []);
    for (const [id, r] of Object.entries(this.resources)) {
      const found = new Set<string>();
      if (isObj(r)) {
        const dependsOn = r.DependsOn === undefined ? [] : Array.isArray(r.DependsOn) ? r.DependsOn : [r.DependsOn];
        for (const d of dependsOn) if (typeof d === 'string') found.add(d);
        this.collect(r.Properties, found);
      }
      this.deps.set(id, found);
    }
  }

  isResource = (name: string) => Object.hasOwn(this.resources, name);
  isCondition = (name: string) => this.names('Conditions').has(name);

  /** A problem with one intrinsic function's argument, or undefined. */
  checkIntrinsic(fn: string, arg: unknown): string | undefined {
    switch (fn) {
      case 'Ref':
        if (typeof arg !== 'string') return 'takes the name of a resource or parameter';
        return this.refTarget(arg) ? undefined : `${arg} is no resource, parameter or pseudo parameter of this template`;
      case 'Fn::GetAtt': {
        const [name, attr] =
          typeof arg === 'string' ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] : Array.isArray(arg) ? arg : [];
        if (typeof name !== 'string' || typeof attr !== 'string' || !name || !attr) return 'takes [LogicalId, Attribute]';
        return this.attributeProblem(name, attr);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        if (typeof text !== 'string' || !isObj(vars) || (Array.isArray(arg) && arg.length !== 2))
          return 'takes a string, or [string, {variables}]';
        for (const [, variable] of text.matchAll(SUB_VARIABLE)) {
          if (Object.hasOwn(vars, variable)) continue;
          const dot = variable.indexOf('.');
          const problem =
            dot > 0
              ? this.attributeProblem(variable.slice(0, dot), variable.slice(dot + 1))
              : this.refTarget(variable)
                ? undefined
                : `no ${variable}`;
          if (problem) return `\${${variable}}: ${problem} (a resource, parameter, pseudo parameter or variable of this Fn::Sub)`;
        }
        return undefined;
      }
      case 'Fn::Join':
        return Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && (Array.isArray(arg[1]) || isObj(arg[1]))
          ? undefined
          : 'takes [delimiter, [values]]';
      case 'Fn::Select':
        return Array.isArray(arg) && arg.length === 2 ? undefined : 'takes [index, list]';
      case 'Fn::Split':
        return Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' ? undefined : 'takes [delimiter, string]';
      case 'Fn::If':
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return 'takes [condition, valueIfTrue, valueIfFalse]';
        return this.isCondition(arg[0]) ? undefined : `${arg[0]} is no condition of this template`;
      case 'Condition':
        return typeof arg === 'string' && this.isCondition(arg) ? undefined : `${JSON.stringify(arg)} is no condition of this template`;
      case 'Fn::FindInMap':
        if (!Array.isArray(arg) || arg.length < 3) return 'takes [map, topKey, secondKey]';
        return typeof arg[0] !== 'string' || this.names('Mappings').has(arg[0]) ? undefined : `${arg[0]} is no mapping of this template`;
      case 'Fn::Equals':
        return Array.isArray(arg) && arg.length === 2 ? undefined : 'takes [value, value]';
      case 'Fn::And':
      case 'Fn::Or':
        return Array.isArray(arg) && arg.length >= 2 && arg.length <= 10 ? undefined : 'takes 2 to 10 conditions';
      case 'Fn::Not':
        return Array.isArray(arg) && arg.length === 1 ? undefined : 'takes [condition]';
      default:
        return undefined;
    }
  }

  /** Every cycle of the resource dependency graph (each once, as the path that closes it). */
  cycles(): string[][] {
    const found: string[][] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (id: string) => {
      state.set(id, 'open');
      stack.push(id);
      for (const d of this.deps.get(id) ?? []) {
        if (!this.deps.has(d)) continue;
        if (state.get(d) === 'open') found.push([...stack.slice(stack.indexOf(d)), d]);
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(id, 'done');
    };
    for (const id of this.deps.keys()) if (!state.has(id)) visit(id);
    return found;
  }

  private refTarget(name: string): boolean {
    return PSEUDO_PARAMETERS.has(name) || this.isResource(name) || this.names('Parameters').has(name);
  }

  private attributeProblem(name: string, attr: string): string | undefined {
    const r = this.resources[name];
    if (!isObj(r)) return `${name} is no resource of this template`;
    if (typeof r.Type !== 'string' || r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource') return undefined;
    const spec = this.specs.resource(r.Type);
    if (!spec || spec.attributes.has(attr)) return undefined;
    return `${r.Type} has no attribute ${attr} (it has ${[...spec.attributes].sort().join(', ') || 'none'})`;
  }

  /** Resources a value refers to (Ref, Fn::GetAtt, Fn::Sub), for the dependency graph. */
  private collect(v: unknown, into: Set<string>): void {
    if (Array.isArray(v)) return v.forEach((e) => this.collect(e, into));
    if (!isObj(v)) return;
    for (const [k, e] of Object.entries(v)) {
      if (k === 'Ref' && typeof e === 'string') into.add(e);
      else if (k === 'Fn::GetAtt')
        into.add(typeof e === 'string' ? e.split('.')[0] : Array.isArray(e) && typeof e[0] === 'string' ? e[0] : '');
      else if (k === 'Fn::Sub') {
        const [text, vars] = Array.isArray(e) ? e : [e, {}];
        if (typeof text === 'string') for (const [, variable] of text.matchAll(SUB_VARIABLE)) into.add(variable.split('.')[0]);
        this.collect(vars, into);
      } else this.collect(e, into);
    }
  }
}

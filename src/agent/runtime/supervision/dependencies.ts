/**
 * Container dependency graph of a task: explicit `dependsOn`, plus the
 * implicit edges ECS derives from `links` (the linked container must be
 * running before Docker can start the linking one) and `volumesFrom` (the
 * source container must exist before the consumer is created).
 * Pure functions, shared by both drivers.
 */
import type { ContainerSpec, ContainerStatus, HealthStatus } from '../../../protocol/index.js';

export type Condition = 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY';

export interface Dependency {
  container: string;
  condition: Condition;
}

const CONDITIONS: ReadonlySet<string> = new Set<Condition>(['START', 'COMPLETE', 'SUCCESS', 'HEALTHY']);

/** `name` or `name:alias` → its parts (alias defaults to the name). */
export function parseLink(link: string): { name: string; alias: string } {
  const i = link.indexOf(':');
  if (i < 0) return { name: link, alias: link };
  return { name: link.slice(0, i), alias: link.slice(i + 1) || link.slice(0, i) };
}

/** Conditions that gate starting `c`: dependsOn plus links (as START). */
export function startDependencies(c: ContainerSpec): Dependency[] {
  const deps = new Map<string, Dependency>();
  for (const link of c.links ?? []) {
    const { name } = parseLink(link);
    deps.set(name, { container: name, condition: 'START' });
  }
  // An explicit dependsOn on a linked container wins over the implicit START.
  for (const d of c.dependsOn ?? []) {
    if (d.containerName) deps.set(d.containerName, { container: d.containerName, condition: d.condition as Condition });
  }
  return [...deps.values()];
}

/** Containers that must exist before `c` can be created (links and volumesFrom sources). */
function createDependencies(c: ContainerSpec): string[] {
  const names = (c.links ?? []).map((l) => parseLink(l).name);
  for (const v of c.volumesFrom ?? []) if (v.sourceContainer) names.push(v.sourceContainer);
  return names;
}

/** Every container `c` depends on, for any reason. */
function allDependencies(c: ContainerSpec): string[] {
  return [...new Set([...startDependencies(c).map((d) => d.container), ...createDependencies(c)])];
}

/**
 * Problems that make the task impossible to start, as one message, or
 * undefined when the graph is sound: unknown names, bad conditions, a HEALTHY
 * condition on a container without a health check, and cycles.
 */
export function validateDependencies(containers: ContainerSpec[]): string | undefined {
  const byName = new Map(containers.map((c) => [c.name, c]));
  const problems: string[] = [];
  for (const c of containers) {
    for (const d of c.dependsOn ?? []) {
      if (!CONDITIONS.has(String(d.condition))) {
        problems.push(`container ${c.name} has an unknown dependency condition ${String(d.condition)}`);
      }
    }
    for (const dep of allDependencies(c)) {
      if (dep === c.name) problems.push(`container ${c.name} depends on itself`);
      else if (!byName.has(dep)) problems.push(`container ${c.name} depends on unknown container ${dep}`);
    }
    for (const d of startDependencies(c)) {
      if (d.condition === 'HEALTHY' && byName.has(d.container) && !byName.get(d.container)?.healthCheck) {
        problems.push(`container ${c.name} waits for ${d.container} to be HEALTHY but ${d.container} has no health check`);
      }
    }
  }
  if (problems.length === 0) {
    const cycle = findCycle(containers);
    if (cycle) problems.push(`dependency cycle: ${cycle.join(' -> ')}`);
  }
  return problems.length ? problems.join('; ') : undefined;
}

function findCycle(containers: ContainerSpec[]): string[] | undefined {
  const byName = new Map(containers.map((c) => [c.name, c]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    path.push(name);
    const c = byName.get(name);
    for (const dep of c ? allDependencies(c) : []) {
      const found = byName.has(dep) ? visit(dep) : undefined;
      if (found) return found;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const c of containers) {
    const found = visit(c.name);
    if (found) return found;
  }
  return undefined;
}

/**
 * Topological levels of a valid (acyclic) graph: level 0 depends on nothing,
 * level n only on lower levels. Unknown names are ignored.
 */
function levels(containers: ContainerSpec[]): string[][] {
  const names = new Set(containers.map((c) => c.name));
  const level = new Map<string, number>();
  const byName = new Map(containers.map((c) => [c.name, c]));
  const depth = (name: string): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    level.set(name, 0); // guards against cycles; callers validate first
    const c = byName.get(name);
    const deps = c ? allDependencies(c).filter((d) => names.has(d) && d !== name) : [];
    const result = deps.length ? Math.max(...deps.map(depth)) + 1 : 0;
    level.set(name, result);
    return result;
  };
  const out: string[][] = [];
  for (const c of containers) {
    const l = depth(c.name);
    (out[l] ??= []).push(c.name);
  }
  return out.filter(Boolean);
}

/** Order to create containers in: every dependency before its dependents. */
export function creationOrder(containers: ContainerSpec[]): string[] {
  return levels(containers).flat();
}

/**
 * Stop waves: dependents stop before their dependencies (reverse of start
 * order); containers within one wave stop in parallel.
 */
export function stopWaves(containers: ContainerSpec[]): string[][] {
  return levels(containers).reverse();
}

/** What the dependency evaluation needs to know about the container depended on. */
export interface DependencyTarget {
  status: ContainerStatus;
  started: boolean;
  exitCode?: number;
  health?: HealthStatus;
}

export type DependencyVerdict = { state: 'satisfied' } | { state: 'waiting' } | { state: 'impossible'; why: string };

/** Whether `condition` on `target` holds now, may still hold, or never can. */
export function evaluateDependency(condition: Condition, target: DependencyTarget): DependencyVerdict {
  const exitedWithoutStarting = target.status === 'STOPPED' && !target.started;
  if (exitedWithoutStarting) return { state: 'impossible', why: 'it stopped without ever starting' };
  switch (condition) {
    case 'START':
      return target.started ? { state: 'satisfied' } : { state: 'waiting' };
    case 'COMPLETE':
      return target.status === 'STOPPED' ? { state: 'satisfied' } : { state: 'waiting' };
    case 'SUCCESS':
      if (target.status !== 'STOPPED') return { state: 'waiting' };
      return target.exitCode === 0
        ? { state: 'satisfied' }
        : { state: 'impossible', why: `it exited with code ${target.exitCode ?? 'unknown'}` };
    case 'HEALTHY':
      if (target.status === 'STOPPED') return { state: 'impossible', why: 'it stopped before becoming healthy' };
      return target.health === 'HEALTHY' ? { state: 'satisfied' } : { state: 'waiting' };
  }
}

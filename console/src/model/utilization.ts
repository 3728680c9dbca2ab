/** A container instance's registered vs remaining CPU and memory, as the cluster page's bars show them. */
import type { ContainerInstance } from '@aws-sdk/client-ecs';
import type { Wire } from '../../../src/domain/wire.js';

export interface ResourceUse {
  registered: number;
  remaining: number;
  /** Reserved by tasks: registered − remaining (never negative). */
  used: number;
  /** used ÷ registered, 0–100, rounded; 0 when nothing is registered. */
  percent: number;
}

export interface InstanceUtilization {
  cpu: ResourceUse;
  memory: ResourceUse;
}

function resource(instance: Wire<ContainerInstance>, name: 'CPU' | 'MEMORY'): ResourceUse {
  const value = (list: Wire<ContainerInstance>['registeredResources']) => list?.find((r) => r.name === name)?.integerValue ?? 0;
  const registered = value(instance.registeredResources);
  const remaining = Math.min(value(instance.remainingResources), registered);
  const used = Math.max(0, registered - remaining);
  return { registered, remaining, used, percent: registered > 0 ? Math.round((used / registered) * 100) : 0 };
}

export function instanceUtilization(instance: Wire<ContainerInstance>): InstanceUtilization {
  return { cpu: resource(instance, 'CPU'), memory: resource(instance, 'MEMORY') };
}

/** The cluster's totals over its instances (ACTIVE and DRAINING alike). */
export function clusterUtilization(instances: readonly Wire<ContainerInstance>[]): InstanceUtilization {
  const sum = (pick: (u: InstanceUtilization) => ResourceUse): ResourceUse => {
    const registered = instances.reduce((n, i) => n + pick(instanceUtilization(i)).registered, 0);
    const remaining = instances.reduce((n, i) => n + pick(instanceUtilization(i)).remaining, 0);
    const used = registered - remaining;
    return { registered, remaining, used, percent: registered > 0 ? Math.round((used / registered) * 100) : 0 };
  };
  return { cpu: sum((u) => u.cpu), memory: sum((u) => u.memory) };
}

export const attribute = (instance: Wire<ContainerInstance>, name: string): string | undefined =>
  instance.attributes?.find((a) => a.name === name)?.value ?? undefined;

import type { ClusterSetting } from '@aws-sdk/client-ecs';
import { CLUSTER_SETTING_VALUES } from '../../domain/cluster.js';
import { invalidParameter } from '../../domain/errors.js';

export function checkSettings(settings: readonly ClusterSetting[]): void {
  for (const s of settings) {
    const allowed = CLUSTER_SETTING_VALUES[s.name ?? ''];
    if (!allowed) throw invalidParameter(`Unsupported cluster setting name: ${s.name}.`);
    if (!allowed.includes(s.value ?? '')) {
      throw invalidParameter(`Invalid value "${s.value}" for cluster setting ${s.name}; valid values: ${allowed.join(', ')}.`);
    }
  }
}

/** Every known setting has a value (containerInsights defaults to disabled); later values win. */
export function withDefaultSettings(current: readonly ClusterSetting[], changes: readonly ClusterSetting[]): ClusterSetting[] {
  const byName = new Map<string, string>(Object.keys(CLUSTER_SETTING_VALUES).map((n) => [n, 'disabled']));
  for (const s of [...current, ...changes]) byName.set(s.name!, s.value!);
  return [...byName].map(([name, value]) => ({ name: name as ClusterSetting['name'], value }));
}

import { clusterNameOf } from '../../domain/arn.js';
import { DEFAULT_CLUSTER, type ClusterRecord } from '../../domain/cluster.js';
import { clusterNotFound, invalidParameter } from '../../domain/errors.js';
import type { AppContext } from '../context.js';

/** `cluster` parameter (name, ARN, or absent = `default`) → cluster name. */
export function clusterNameParam(value: string | undefined): string {
  if (value === undefined || value === '') return DEFAULT_CLUSTER;
  const name = clusterNameOf(value);
  if (name === undefined) throw invalidParameter(`Invalid cluster identifier: ${value}`);
  return name;
}

/** The ACTIVE cluster named by a request, or ClusterNotFoundException. */
export async function requireActiveCluster(ctx: AppContext, value: string | undefined): Promise<ClusterRecord> {
  const cluster = await ctx.clusters.get(clusterNameParam(value));
  if (!cluster || cluster.status !== 'ACTIVE') throw clusterNotFound();
  return cluster;
}

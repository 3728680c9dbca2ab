/** Step one of the walkthrough: a cluster to run in (kept as is when it already exists). */
import { CreateClusterCommand, DescribeClustersCommand, type ECSClient } from '@aws-sdk/client-ecs';

/** Returns true when the cluster had to be created. */
export async function ensureCluster(ecs: ECSClient, cluster: string): Promise<boolean> {
  const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: [cluster] }));
  if (clusters?.[0]?.status === 'ACTIVE') return false;
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  return true;
}

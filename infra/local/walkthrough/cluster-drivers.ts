/** Which runtimes a cluster's container instances offer (their `berth.driver` attribute). */
import { DescribeContainerInstancesCommand, type ECSClient, paginateListContainerInstances } from '@aws-sdk/client-ecs';
import { DRIVER_ATTRIBUTE } from '../../../src/protocol/index.js';
import type { WebDriver } from './web-task-definition.js';

export interface InstanceSummary {
  containerInstanceArn: string;
  driver?: string;
  zone?: string;
  usable: boolean;
}

/** DescribeContainerInstances takes at most 100 ARNs per call. */
const DESCRIBE_BATCH = 100;

export async function clusterInstances(ecs: ECSClient, cluster: string): Promise<InstanceSummary[]> {
  const arns: string[] = [];
  for await (const page of paginateListContainerInstances({ client: ecs }, { cluster })) arns.push(...(page.containerInstanceArns ?? []));
  const out: InstanceSummary[] = [];
  for (let i = 0; i < arns.length; i += DESCRIBE_BATCH) {
    const { containerInstances } = await ecs.send(
      new DescribeContainerInstancesCommand({ cluster, containerInstances: arns.slice(i, i + DESCRIBE_BATCH) }),
    );
    for (const ci of containerInstances ?? []) {
      const attr = (name: string) => ci.attributes?.find((a) => a.name === name)?.value;
      out.push({
        containerInstanceArn: ci.containerInstanceArn!,
        driver: attr(DRIVER_ATTRIBUTE),
        zone: attr('ecs.availability-zone'),
        usable: ci.status === 'ACTIVE' && ci.agentConnected === true,
      });
    }
  }
  return out;
}

/**
 * The runtime most usable instances offer (Docker on a tie), so the service
 * spreads over as many hosts as possible; undefined when none can run tasks.
 */
export function chooseDriver(instances: InstanceSummary[]): WebDriver | undefined {
  const count = (d: WebDriver) => instances.filter((i) => i.usable && i.driver === d).length;
  const docker = count('docker');
  const proc = count('process');
  if (docker === 0 && proc === 0) return undefined;
  return docker >= proc ? 'docker' : 'process';
}

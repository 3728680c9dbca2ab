import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  ListClustersCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateClusterSettingsCommand,
  paginateListClusters,
} from '@aws-sdk/client-ecs';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ecsClient } from '../support/ecs-client.js';

const ecs = ecsClient();
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

describe('clusters through the stock AWS SDK', () => {
  it('creates, describes, lists, updates, tags and deletes a cluster', async () => {
    const name = unique('c');
    const created = await ecs.send(new CreateClusterCommand({ clusterName: name, tags: [{ key: 'team', value: 'core' }] }));
    expect(created.cluster).toMatchObject({
      clusterName: name,
      status: 'ACTIVE',
      clusterArn: `arn:aws:ecs:us-east-1:000000000000:cluster/${name}`,
    });

    // CreateCluster is idempotent on the name.
    const again = await ecs.send(new CreateClusterCommand({ clusterName: name }));
    expect(again.cluster?.clusterArn).toBe(created.cluster?.clusterArn);

    const described = await ecs.send(
      new DescribeClustersCommand({ clusters: [name, created.cluster!.clusterArn!, 'does-not-exist'], include: ['TAGS', 'SETTINGS'] }),
    );
    expect(described.clusters).toHaveLength(2);
    expect(described.clusters![0]).toMatchObject({
      registeredContainerInstancesCount: 0,
      runningTasksCount: 0,
      pendingTasksCount: 0,
      activeServicesCount: 0,
      tags: [{ key: 'team', value: 'core' }],
      settings: [{ name: 'containerInsights', value: 'disabled' }],
    });
    expect(described.failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:000000000000:cluster/does-not-exist', reason: 'MISSING' }]);

    // Without include, no tags or settings.
    const plain = await ecs.send(new DescribeClustersCommand({ clusters: [name] }));
    expect(plain.clusters![0].tags).toBeUndefined();

    const updated = await ecs.send(
      new UpdateClusterSettingsCommand({ cluster: name, settings: [{ name: 'containerInsights', value: 'enabled' }] }),
    );
    expect(updated.cluster?.settings).toEqual([{ name: 'containerInsights', value: 'enabled' }]);

    const arn = created.cluster!.clusterArn!;
    await ecs.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: 'env', value: 'dev' },
          { key: 'team', value: 'platform' },
        ],
      }),
    );
    await ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['env'] }));
    expect((await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual([{ key: 'team', value: 'platform' }]);

    const deleted = await ecs.send(new DeleteClusterCommand({ cluster: arn }));
    expect(deleted.cluster?.status).toBe('INACTIVE');
    // INACTIVE clusters stay describable but leave the list.
    const after = await ecs.send(new DescribeClustersCommand({ clusters: [name] }));
    expect(after.clusters![0].status).toBe('INACTIVE');
    const all = await ecs.send(new ListClustersCommand({}));
    expect(all.clusterArns).not.toContain(arn);
    // The name can be reused.
    const reborn = await ecs.send(new CreateClusterCommand({ clusterName: name }));
    expect(reborn.cluster?.status).toBe('ACTIVE');
  });

  it('pages ListClusters with maxResults and nextToken', async () => {
    const names = Array.from({ length: 7 }, () => unique('page'));
    await Promise.all(names.map((clusterName) => ecs.send(new CreateClusterCommand({ clusterName }))));
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListClusters({ client: ecs, pageSize: 3 }, {})) {
      pages++;
      expect(page.clusterArns!.length).toBeLessThanOrEqual(3);
      seen.push(...page.clusterArns!);
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    for (const n of names) expect(seen).toContain(`arn:aws:ecs:us-east-1:000000000000:cluster/${n}`);
  });

  it('answers ECS-shaped errors and changes nothing on bad input', async () => {
    await expect(ecs.send(new DeleteClusterCommand({ cluster: unique('missing') }))).rejects.toMatchObject({
      name: 'ClusterNotFoundException',
      message: 'Cluster not found.',
      $metadata: { httpStatusCode: 400 },
    });
    const bad = 'has spaces!';
    await expect(ecs.send(new CreateClusterCommand({ clusterName: bad }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const listed = await ecs.send(new ListClustersCommand({}));
    expect(listed.clusterArns!.some((a) => a.endsWith(bad))).toBe(false);
    await expect(ecs.send(new ListClustersCommand({ maxResults: 0 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(ecs.send(new ListClustersCommand({ nextToken: 'garbage!' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      ecs.send(
        new UpdateClusterSettingsCommand({ cluster: unique('missing'), settings: [{ name: 'containerInsights', value: 'enabled' }] }),
      ),
    ).rejects.toMatchObject({ name: 'ClusterNotFoundException' });
    await expect(
      ecs.send(
        new TagResourceCommand({ resourceArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/nope-nope', tags: [{ key: 'a', value: 'b' }] }),
      ),
    ).rejects.toMatchObject({ name: 'ClusterNotFoundException' });
  });
});

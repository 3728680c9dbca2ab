/**
 * An instance's task-group counts stay in its item at 0 once their tasks stopped (a deleted
 * service, a finished RunTask family), and every placement and stop rewrites that item: the
 * reconciler's pass prunes them once they are many. A rule that looks at every group
 * (`task:group =~ …`) must still see a group that appeared after a pruning, though the number of
 * groups came back to what it read.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../src/adapters/dynamodb/client.js';
import { keys } from '../../../src/adapters/dynamodb/keys.js';
import type { AppContext } from '../../../src/app/context.js';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import { reconcileClusterPass } from '../../../src/app/reconcile/run-reconcile.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import { runTask } from '../../../src/app/tasks/run-task.js';
import { stopTask } from '../../../src/app/tasks/stop-task.js';
import type { BerthConfig } from '../../../src/config.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { playAgentPoll } from '../../support/agent-poll.js';
import { expectConsistentAccounting } from '../../support/cluster-invariants.js';
import { registerInstances } from '../../support/instances.js';
import { stagedContext } from '../../support/staged-context.js';
import { freshTable } from '../../support/table.js';

const cluster = 'groups';
const clock = { t: Date.UTC(2026, 0, 1), now: () => clock.t };
let config: BerthConfig;
let ctx: AppContext;
let raw: DynamoDBDocumentClient;
let instanceArn: string;

beforeEach(async () => {
  config = await freshTable();
  raw = createDocumentClient(config);
  ctx = buildAppContext(config, { clock });
  await createCluster({ clusterName: cluster }, ctx);
  [instanceArn] = (await registerInstances(ctx, cluster, 1, { cpu: 4096, memory: 4096 })) as [string];
  await registerTaskDefinition({ family: 'app', containerDefinitions: [{ name: 'a', image: 'x', cpu: 64, memory: 64 }] }, ctx);
});

const storedGroups = async () => {
  const id = instanceArn.split('/').pop()!;
  const { Item } = await raw.send(
    new GetCommand({ TableName: config.tableName, Key: keys.containerInstance(cluster, id), ConsistentRead: true }),
  );
  return { taskGroups: Item!.taskGroups as Record<string, number>, pruned: Item!.taskGroupsPruned as number | undefined };
};

/** Runs one task of each group, then stops them all (the agent reports them STOPPED): their groups stay at 0. */
async function runAndStop(groups: readonly string[]) {
  const arns: string[] = [];
  for (const group of groups) arns.push((await runTask({ cluster, taskDefinition: 'app', group }, ctx)).tasks![0]!.taskArn!);
  await playAgentPoll(ctx, cluster, instanceArn);
  for (const task of arns) await stopTask({ cluster, task }, ctx);
  await playAgentPoll(ctx, cluster, instanceArn);
}

const named = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe("an instance's task groups at 0", () => {
  it('are pruned by a pass once there are eight, and live groups stay', async () => {
    await runTask({ cluster, taskDefinition: 'app', group: 'live' }, ctx);
    await runAndStop(named('old', 7));
    await reconcileClusterPass(ctx, cluster);
    // Seven cost less than the write that would remove them.
    expect(await storedGroups()).toEqual({
      taskGroups: { live: 1, ...Object.fromEntries(named('old', 7).map((g) => [g, 0])) },
      pruned: undefined,
    });

    await runAndStop(['old-7']);
    await reconcileClusterPass(ctx, cluster);
    expect(await storedGroups()).toEqual({ taskGroups: { live: 1 }, pruned: 1 });
    await expectConsistentAccounting(ctx, cluster);

    // A pruned group comes back as any new one does.
    await runTask({ cluster, taskDefinition: 'app', group: 'old-0' }, ctx);
    expect((await storedGroups()).taskGroups).toEqual({ live: 1, 'old-0': 1 });
  });

  it('a rule over every group still sees one that appeared after a pruning, with as many groups as it read', async () => {
    await runAndStop(named('old', 8));
    const guarded = stagedContext(config, { holdAt: (command) => command === 'TransactWriteItemsCommand', clock });
    // Decides on the eight groups at 0: no web group, so the instance qualifies.
    const call = runTask(
      {
        cluster,
        taskDefinition: 'app',
        group: 'cache',
        placementConstraints: [{ type: 'memberOf', expression: 'not(task:group =~ web-.*)' }],
      },
      guarded.ctx,
    );
    await guarded.reached;
    // Meanwhile the pass prunes the eight, and eight web groups arrive: eight groups again.
    await reconcileClusterPass(ctx, cluster);
    for (const group of named('web', 8)) await runTask({ cluster, taskDefinition: 'app', group }, ctx);
    expect(Object.keys((await storedGroups()).taskGroups)).toHaveLength(8);
    guarded.open();
    const out = await call;
    expect(out.tasks).toHaveLength(0);
    expect(out.failures![0]!.reason).toBe('MemberOf placement constraint unsatisfied.');
  });
});

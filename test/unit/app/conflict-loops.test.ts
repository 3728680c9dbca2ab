/**
 * The optimistic loops of src/app go through the one retryOnConflict: a lost
 * conditional write re-reads and decides again, within the policy's attempts,
 * and what the caller sees when every attempt loses is the use case's own
 * answer (an ECS error, or a logged give-up for advisory writes).
 */
import { describe, expect, it } from 'vitest';
import { putClusterCapacityProviders } from '../../../src/app/capacity-providers/put-cluster-capacity-providers.js';
import type { AppContext } from '../../../src/app/context.js';
import { TargetSync } from '../../../src/app/reconcile/target-sync.js';
import type { ClusterRecord } from '../../../src/domain/cluster.js';
import type { ServiceRecord } from '../../../src/domain/service.js';
import type { ConflictRetry } from '../../../src/ports/retry-on-conflict.js';

const attempts = 4;
const policy = (): ConflictRetry & { pauses: number[] } => {
  const pauses: number[] = [];
  return { attempts, pauses, pause: async (n) => void pauses.push(n) };
};

const cluster = { clusterName: 'c', clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/c', status: 'ACTIVE', capacityProviders: [] };

describe('PutClusterCapacityProviders', () => {
  /** `results`: what each associate() answers, in turn. */
  function context(results: ('ok' | 'cluster-changed')[]) {
    const calls = { clusterReads: 0, associate: 0 };
    const conflictRetry = policy();
    const ctx = {
      arn: { region: 'us-east-1', accountId: '000000000000' },
      conflictRetry,
      clusters: {
        get: async () => (calls.clusterReads++, cluster as unknown as ClusterRecord),
        counts: async () => ({ registeredContainerInstancesCount: 0, runningTasksCount: 0, pendingTasksCount: 0, activeServicesCount: 0 }),
      },
      capacityProviders: {
        getMany: async () => new Map(),
        associate: async () => {
          const r = results[calls.associate++] ?? 'cluster-changed';
          return r === 'ok' ? { ok: true } : { ok: false, reason: r };
        },
      },
    } as unknown as AppContext;
    return { ctx, calls, conflictRetry };
  }

  it('a lost association re-reads the cluster and tries again', async () => {
    const { ctx, calls, conflictRetry } = context(['cluster-changed', 'cluster-changed', 'ok']);
    const out = await putClusterCapacityProviders({ cluster: 'c', capacityProviders: [], defaultCapacityProviderStrategy: [] }, ctx);
    expect(out.cluster).toMatchObject({ clusterName: 'c', capacityProviders: [] });
    expect(calls).toEqual({ clusterReads: 3, associate: 3 });
    expect(conflictRetry.pauses).toEqual([1, 2]);
  });

  it("losing every attempt the policy allows is ECS's UpdateInProgressException", async () => {
    const { ctx, calls } = context([]);
    await expect(
      putClusterCapacityProviders({ cluster: 'c', capacityProviders: [], defaultCapacityProviderStrategy: [] }, ctx),
    ).rejects.toMatchObject({ code: 'UpdateInProgressException' });
    expect(calls.associate).toBe(attempts);
  });
});

describe("a reconcile pass's load balancer events", () => {
  const service = { serviceName: 's', events: [] } as unknown as ServiceRecord;

  function context(putResults: boolean[]) {
    const writes: ServiceRecord[] = [];
    const logged: string[] = [];
    let n = 0;
    const ctx = {
      conflictRetry: policy(),
      ids: { uuid: () => `e${n}` },
      services: {
        get: async () => ({ record: service, version: 1 }),
        put: async (record: ServiceRecord) => {
          writes.push(record);
          return putResults[n++] ?? false;
        },
        markDirty: async () => undefined,
      },
    } as unknown as AppContext;
    const sync = new TargetSync(ctx, 'c', { info: (message, detail) => void logged.push(`${message}: ${String(detail.error)}`) });
    // What the ELB steps gather during a pass.
    (sync as unknown as { say(service: string, message: string): void }).say('s', '(service s) registered 1 targets in (target-group tg)');
    return { sync, writes, logged };
  }

  it('are appended again on a fresh read when the service changed meanwhile, once', async () => {
    const { sync, writes, logged } = context([false, true]);
    await sync.flush(Date.UTC(2026, 0, 1));
    expect(writes).toHaveLength(2);
    expect(writes[1]!.events.map((e) => e.message)).toEqual(['(service s) registered 1 targets in (target-group tg)']);
    expect(logged).toEqual([]);
  });

  it("are given up after the policy's attempts, logged, without failing the pass", async () => {
    const { sync, writes, logged } = context([]);
    await sync.flush(Date.UTC(2026, 0, 1));
    expect(writes).toHaveLength(attempts);
    expect(logged).toEqual([
      expect.stringMatching(/^writing load balancer events failed: TooManyConflicts: events of service s: gave up after 4/),
    ]);
  });
});

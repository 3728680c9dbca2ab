import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The table's state as the fuzz sees it: every item (a test-only Scan of
 * DynamoDB Local), or only the fuzz namespace's on a stack other tests share,
 * minus the probe cluster that plain calls keep writing heartbeats to.
 */
export interface Snapshot {
  items: Map<string, string>;
  digest: string;
}

export function snapshotter(endpoint: string, table: string, keep: (item: Record<string, unknown>) => boolean) {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'fuzz', secretAccessKey: 'fuzz' } }),
  );
  return async (): Promise<Snapshot> => {
    const items = new Map<string, string>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
      for (const item of page.Items ?? [])
        if (keep(item) && !isPeriodicBookkeeping(item)) items.set(`${item.PK}|${item.SK}`, stable(withoutBookkeeping(item)));
      start = page.LastEvaluatedKey;
    } while (start);
    const digest = createHash('sha256')
      .update([...items.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).join('\n'))
      .digest('hex');
    return { items, digest };
  };
}

/**
 * The metrics publisher's per-period marker and the usage folded per
 * instance and period are written on the publisher's schedule, for every
 * cluster, whatever the requests do.
 */
function isPeriodicBookkeeping(item: Record<string, unknown>): boolean {
  const sk = String(item.SK);
  return sk === 'METRICS' || sk.startsWith('USAGE#');
}

/**
 * A reconcile pass stamps every service of a cluster with lost instances
 * (the fuzz's instances never poll) with `reconciledAt`, a new `version` and
 * the dirty mark folded into the record, and moves a new deployment's
 * rollout forward (IN_PROGRESS → COMPLETED, "has reached a steady state"),
 * on its own schedule — late on a loaded machine: the reconciler's progress,
 * not state a request changed. Everything else of a service is compared:
 * its deployments (ids, task definitions, counts), the top-level dirty mark
 * requests write, every other attribute.
 */
function withoutBookkeeping(item: Record<string, unknown>): Record<string, unknown> {
  if (!String(item.SK).startsWith('SERVICE#') || !('service' in item)) return item;
  const { version: _v, service, ...rest } = item as { version?: number; service?: Record<string, unknown> };
  const { reconciledAt: _r, dirtyAt: _d, events: _e, deployments, ...record } = service ?? {};
  const kept = Array.isArray(deployments)
    ? deployments.map((d: Record<string, unknown>) => {
        const { rolloutState: _s, rolloutStateReason: _sr, updatedAt: _u, ...deployment } = d;
        return deployment;
      })
    : deployments;
  return { ...rest, service: { ...record, deployments: kept } };
}

export function diff(a: Snapshot, b: Snapshot): string[] {
  const out: string[] = [];
  for (const [k, v] of b.items) {
    const was = a.items.get(k);
    if (was === undefined) out.push(`added ${k}`);
    else if (was !== v) {
      out.push(`changed ${k} (${changedPaths(JSON.parse(was), JSON.parse(v), '').slice(0, 4).join(', ')})`);
    }
  }
  for (const k of a.items.keys()) if (!b.items.has(k)) out.push(`removed ${k}`);
  return out;
}

function changedPaths(x: unknown, y: unknown, at: string): string[] {
  if (JSON.stringify(x) === JSON.stringify(y)) return [];
  if (!x || !y || typeof x !== 'object' || typeof y !== 'object') return [at || '(item)'];
  const a = x as Record<string, unknown>;
  const b = y as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) => changedPaths(a[k], b[k], at ? `${at}.${k}` : k));
}

function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x instanceof Set
      ? [...x].sort()
      : x && typeof x === 'object' && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
        : x,
  );
}

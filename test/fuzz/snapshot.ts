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
      for (const item of page.Items ?? []) if (keep(item)) items.set(`${item.PK}|${item.SK}`, stable(item));
      start = page.LastEvaluatedKey;
    } while (start);
    const digest = createHash('sha256')
      .update([...items.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).join('\n'))
      .digest('hex');
    return { items, digest };
  };
}

export function diff(a: Snapshot, b: Snapshot): string[] {
  const out: string[] = [];
  for (const [k, v] of b.items) if (a.items.get(k) !== v) out.push(a.items.has(k) ? `changed ${k}` : `added ${k}`);
  for (const k of a.items.keys()) if (!b.items.has(k)) out.push(`removed ${k}`);
  return out;
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

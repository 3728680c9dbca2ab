import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

interface Consumed {
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  CapacityUnits?: number;
  Table?: { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

/** What one kind of operation cost: calls, and units split between the table and each index it wrote or read. */
export interface OperationCost {
  count: number;
  read: number;
  write: number;
  /** Units charged to the base table, and to each GSI by name (DynamoDB's ReturnConsumedCapacity=INDEXES). */
  table: number;
  indexes: Record<string, number>;
}

/**
 * Consumed read/write capacity as DynamoDB reports it (ReturnConsumedCapacity=INDEXES,
 * which DynamoDB Local computes per projected item like DynamoDB does), per command
 * (`calls`) and per operation (`operations`: the command and the kinds of items it
 * touches, e.g. `TransactWrite Put TASK + Update INSTANCE`), so a bench can say where
 * the units go.
 */
export class CapacityMeter {
  read = 0;
  write = 0;
  calls: Record<string, { count: number; read: number; write: number }> = {};
  operations: Record<string, OperationCost> = {};

  reset() {
    this.read = 0;
    this.write = 0;
    this.calls = {};
    this.operations = {};
  }

  record(command: string, consumed: unknown, operation = command) {
    const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Consumed[];
    const entry = (this.calls[command] ??= { count: 0, read: 0, write: 0 });
    const op = (this.operations[operation] ??= { count: 0, read: 0, write: 0, table: 0, indexes: {} });
    entry.count++;
    op.count++;
    const isRead = /Get|Query|Scan/.test(command);
    for (const c of list) {
      const read = c.ReadCapacityUnits ?? (isRead ? (c.CapacityUnits ?? 0) : 0);
      const write = c.WriteCapacityUnits ?? (!isRead && !c.ReadCapacityUnits ? (c.CapacityUnits ?? 0) : 0);
      this.read += read;
      this.write += write;
      entry.read += read;
      entry.write += write;
      op.read += read;
      op.write += write;
      const gsis = Object.entries(c.GlobalSecondaryIndexes ?? {});
      const onIndexes = gsis.reduce((sum, [, g]) => sum + (g.CapacityUnits ?? 0), 0);
      op.table += c.Table?.CapacityUnits ?? read + write - onIndexes;
      for (const [name, g] of gsis) op.indexes[name] = (op.indexes[name] ?? 0) + (g.CapacityUnits ?? 0);
    }
  }

  /** Adds ReturnConsumedCapacity to every command of `db` and records what comes back. */
  attach(db: DynamoDBDocumentClient) {
    db.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, unknown>;
        input.ReturnConsumedCapacity = 'INDEXES';
        const out = await next(args);
        const command = context.commandName ?? 'unknown';
        this.record(command, (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity, operationName(command, input));
        return out;
      },
      { step: 'initialize', name: 'berthCapacityMeter' },
    );
  }
}

/** The kind of item a key addresses: its sort key's (or, for singletons, partition key's) type prefix. */
const kindOf = (key: unknown) => {
  const k = (key ?? {}) as { PK?: unknown; SK?: unknown };
  const sk = String(k.SK ?? '');
  return (/^[A-Z]+$/.test(sk.split('#')[0]!) ? sk : String(k.PK ?? '')).split('#')[0] || '?';
};

/** e.g. `Query GSI1 INSTTASKS`, `UpdateItem SERVICE`, `TransactWrite Put TASK + Update INSTANCE + Update SERVICE`. */
export function operationName(command: string, input: Record<string, unknown>): string {
  const cmd = command.replace(/Command$/, '');
  if (cmd === 'TransactWriteItems') {
    const parts = new Set(
      ((input.TransactItems ?? []) as Record<string, { Item?: unknown; Key?: unknown }>[]).map((t) => {
        const [op, body] = Object.entries(t)[0]!;
        return `${op} ${kindOf(body.Item ?? body.Key)}`;
      }),
    );
    return `TransactWrite ${[...parts].join(' + ')}`;
  }
  if (cmd === 'BatchGetItem' || cmd === 'BatchWriteItem') {
    const req = Object.values((input.RequestItems ?? {}) as Record<string, unknown>)[0];
    const first = Array.isArray(req) ? (req[0]?.PutRequest?.Item ?? req[0]?.DeleteRequest?.Key) : (req as { Keys?: unknown[] })?.Keys?.[0];
    return `${cmd} ${kindOf(first)}`;
  }
  if (cmd === 'Query') {
    const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
    const pk = String(values[':pk'] ?? Object.values(values)[0] ?? '').split('#')[0];
    const prefix = Object.entries(values).find(([k, v]) => k !== ':pk' && typeof v === 'string' && /^[A-Z]+#$/.test(v))?.[1];
    return `Query ${(input.IndexName as string | undefined) ?? 'table'} ${pk}${prefix ? ` ${String(prefix).slice(0, -1)}` : ''}`;
  }
  return `${cmd} ${kindOf(input.Item ?? input.Key)}`;
}

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Consumed read/write capacity, per operation, as DynamoDB reports it (ReturnConsumedCapacity=TOTAL). */
export class CapacityMeter {
  read = 0;
  write = 0;
  calls: Record<string, { count: number; read: number; write: number }> = {};

  reset() {
    this.read = 0;
    this.write = 0;
    this.calls = {};
  }

  record(command: string, consumed: unknown) {
    const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
      ReadCapacityUnits?: number;
      WriteCapacityUnits?: number;
      CapacityUnits?: number;
    }[];
    const entry = (this.calls[command] ??= { count: 0, read: 0, write: 0 });
    entry.count++;
    for (const c of list) {
      const read = c.ReadCapacityUnits ?? (command.match(/Get|Query|Scan/) ? (c.CapacityUnits ?? 0) : 0);
      const write =
        c.WriteCapacityUnits ?? (command.match(/Put|Update|Delete|Transact/) && !c.ReadCapacityUnits ? (c.CapacityUnits ?? 0) : 0);
      this.read += read;
      this.write += write;
      entry.read += read;
      entry.write += write;
    }
  }

  /** Adds ReturnConsumedCapacity to every command of `db` and records what comes back. */
  attach(db: DynamoDBDocumentClient) {
    db.middlewareStack.add(
      (next, context) => async (args) => {
        (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
        const out = await next(args);
        this.record(context.commandName ?? 'unknown', (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity);
        return out;
      },
      { step: 'initialize', name: 'berthCapacityMeter' },
    );
  }
}

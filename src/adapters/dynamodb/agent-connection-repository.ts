import { DeleteCommand, GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AgentConnection, AgentConnectionStore } from '../../ports/agent-channel.js';
import { isConditionFailure } from './errors.js';
import { keys, TTL_ATTRIBUTE } from './keys.js';

/** API Gateway closes a WebSocket after 2 hours at most; a connection item outlives that only if its $disconnect was lost. */
const CONNECTION_TTL_SECONDS = 3 * 3600;

/**
 * Two small items per connection: connection → instance (read when a message
 * arrives, cached per process since connection ids are never reused) and
 * instance → connection (read when a placement or stop is pushed). Neither is
 * indexed, so each write costs one write unit.
 */
export class DynamoAgentConnectionStore implements AgentConnectionStore {
  private readonly owners = new Map<string, AgentConnection>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async open(conn: AgentConnection, now: number): Promise<void> {
    const expiresAt = Math.floor(now / 1000) + CONNECTION_TTL_SECONDS;
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table, Item: { ...keys.connection(conn.connectionId), ...conn, [TTL_ATTRIBUTE]: expiresAt } } },
          {
            Put: {
              TableName: this.table,
              Item: { ...keys.agentConnection(conn.cluster, conn.instanceId), connectionId: conn.connectionId, connectedAt: now },
            },
          },
        ],
      }),
    );
    this.owners.set(conn.connectionId, conn);
  }

  async instanceOf(connectionId: string): Promise<AgentConnection | undefined> {
    const cached = this.owners.get(connectionId);
    if (cached) return cached;
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.connection(connectionId) }));
    if (!out.Item) return undefined;
    const conn = { connectionId, cluster: String(out.Item.cluster), instanceId: String(out.Item.instanceId) };
    this.owners.set(connectionId, conn);
    return conn;
  }

  async connectionOf(cluster: string, instanceId: string): Promise<string | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.agentConnection(cluster, instanceId), ProjectionExpression: 'connectionId' }),
    );
    return typeof out.Item?.connectionId === 'string' ? out.Item.connectionId : undefined;
  }

  async close(conn: AgentConnection): Promise<void> {
    this.owners.delete(conn.connectionId);
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: keys.connection(conn.connectionId) }));
    try {
      // Only if no newer connection of the instance replaced it in the meantime.
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.agentConnection(conn.cluster, conn.instanceId),
          ConditionExpression: 'connectionId = :c',
          ExpressionAttributeValues: { ':c': conn.connectionId },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }
}

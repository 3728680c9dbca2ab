import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { createDocumentClient } from '../../../src/adapters/dynamodb/client.js';
import { batchGetAll } from '../../../src/adapters/dynamodb/read-all.js';
import { freshTable } from '../../support/table.js';

it('batchGetAll reads a key named twice once (BatchGetItem itself refuses duplicates), across chunks of 100', async () => {
  const config = await freshTable();
  const db = createDocumentClient(config);
  const keys = Array.from({ length: 120 }, (_, i) => ({ PK: 'READALL', SK: `ITEM#${String(i).padStart(3, '0')}` }));
  await Promise.all(keys.map((k, i) => db.send(new PutCommand({ TableName: config.tableName, Item: { ...k, n: i } }))));
  // As keys followed from an index can come: some twice, the repeats far apart (in another chunk of 100).
  const asked = [...keys, keys[0]!, keys[5]!, keys[119]!];
  const items = await batchGetAll<{ n: number }>(db, config.tableName, asked);
  expect(items.map((i) => i.n).sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
});

import { describe, expect, it } from 'vitest';
import { keys } from '../../../../src/adapters/dynamodb/keys.js';
import {
  decodeServices,
  DIRTY_MARK_TTL_SECONDS,
  dirtyMarkUpdate,
  newServiceItem,
} from '../../../../src/adapters/dynamodb/service-items.js';
import { FULL_CHECK_INTERVAL_MS } from '../../../../src/app/reconcile/needs-attention.js';
import { service } from '../../scheduler/reconcile/harness.js';

const NOW = Date.UTC(2026, 0, 1);
const item = (name: string, dirtyAt = NOW - 60_000) => newServiceItem(service({ serviceName: name, clusterName: 'c', dirtyAt }));
const mark = (name: string, at: number) => ({ ...keys.serviceDirty('c', name), dirtyAt: at, expiresAt: 0 });

describe('service items and their dirty marks', () => {
  it('sort each mark right after its service and before any other service name', () => {
    const sks = ['web', 'web-2', 'web_b', 'web0', 'webA', 'wea', 'web2'].flatMap((n) => [
      keys.service('c', n).SK,
      keys.serviceDirty('c', n).SK,
    ]);
    const sorted = [...sks].sort();
    for (const n of ['web', 'web-2', 'web0', 'webA']) {
      const at = sorted.indexOf(keys.service('c', n).SK);
      expect(sorted[at + 1]).toBe(keys.serviceDirty('c', n).SK);
      const range = keys.serviceItems(n);
      expect(sorted.filter((sk) => sk >= range.from && sk <= range.to)).toEqual([keys.service('c', n).SK, keys.serviceDirty('c', n).SK]);
    }
  });

  it('fold the later of the item’s own mark and its mark item’s, in any order', () => {
    const decoded = decodeServices([mark('b', NOW), item('a'), item('b'), mark('a', NOW - 120_000)]);
    expect(decoded.map((s) => [s.record.serviceName, s.record.dirtyAt])).toEqual([
      ['a', NOW - 60_000],
      ['b', NOW],
    ]);
  });

  it('take the mark of an item written before marks moved (top level), and drop a mark without its service', () => {
    const legacy = { ...item('old'), dirtyAt: NOW - 5 };
    expect(decodeServices([legacy, mark('gone', NOW)]).map((s) => s.record.dirtyAt)).toEqual([NOW - 5]);
  });

  it('write a mark as a small item that expires long after it can matter', () => {
    const update = dirtyMarkUpdate('t', 'c', 'web', NOW);
    expect(update.Key).toEqual(keys.serviceDirty('c', 'web'));
    expect(update).not.toHaveProperty('ConditionExpression');
    expect(update.ExpressionAttributeValues[':ttl'] * 1000 - NOW).toBeGreaterThan(100 * FULL_CHECK_INTERVAL_MS);
    expect(update.ExpressionAttributeValues[':ttl']).toBe(NOW / 1000 + DIRTY_MARK_TTL_SECONDS);
  });
});

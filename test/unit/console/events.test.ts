import { describe, expect, it } from 'vitest';
import { eventsNewestFirst, newEventIds } from '../../../console/src/model/events.js';

describe('service events', () => {
  it('lists the newest first, ties broken by id, duplicates dropped', () => {
    const events = [
      { id: 'a', createdAt: 100, message: 'started 3 tasks' },
      { id: 'c', createdAt: 300, message: 'steady' },
      { id: 'b', createdAt: 200, message: 'deployment completed' },
      { id: 'd', createdAt: 300, message: 'same second' },
      { id: 'b', createdAt: 200, message: 'deployment completed' },
    ];
    expect(eventsNewestFirst(events).map((e) => e.id)).toEqual(['d', 'c', 'b', 'a']);
    expect(eventsNewestFirst(undefined)).toEqual([]);
  });

  it('names the events that arrived since the last refresh (none on the first load)', () => {
    const before = [{ id: 'a', createdAt: 1 }];
    const after = [{ id: 'b', createdAt: 2 }, ...before];
    expect(newEventIds(undefined, after)).toEqual(new Set());
    expect(newEventIds(before, after)).toEqual(new Set(['b']));
    expect(newEventIds(after, after)).toEqual(new Set());
  });
});

/** Service events, newest first, as the console lists them. */
import type { ServiceEvent } from '@aws-sdk/client-ecs';
import type { Wire } from '../../../src/domain/wire.js';

type Event = Wire<ServiceEvent>;

/** Newest first; events with the same time keep a stable order (by id); duplicates by id dropped. */
export function eventsNewestFirst(events: readonly Event[] | undefined): Event[] {
  const seen = new Set<string>();
  const unique = (events ?? []).filter((e) => {
    const key = e.id ?? `${e.createdAt}:${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0) || (b.id ?? '').localeCompare(a.id ?? ''));
}

/** Ids in `next` that `previous` did not have: what arrived since the last refresh (highlighted, announced). */
export function newEventIds(previous: readonly Event[] | undefined, next: readonly Event[]): Set<string> {
  if (!previous) return new Set();
  const known = new Set(previous.map((e) => e.id));
  return new Set(next.filter((e) => e.id && !known.has(e.id)).map((e) => e.id!));
}

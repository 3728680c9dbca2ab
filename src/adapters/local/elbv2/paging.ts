/** Marker/PageSize paging of Describe* results (the marker is the next item's position, opaque to clients). */
import { validationError } from './model.js';

const MAX_PAGE = 400;

export function page<T>(
  items: readonly T[],
  marker: string | undefined,
  pageSize: number | undefined,
): { items: T[]; nextMarker?: string } {
  const start = marker === undefined ? 0 : decode(marker);
  const size = pageSize ?? MAX_PAGE;
  const slice = items.slice(start, start + size);
  const next = start + size;
  return next < items.length ? { items: slice, nextMarker: encode(next) } : { items: slice };
}

const encode = (n: number) => Buffer.from(`berth-elbv2:${n}`).toString('base64');

function decode(marker: string): number {
  const m = /^berth-elbv2:(\d{1,9})$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
  if (!m) throw validationError('The marker is not valid.');
  return Number(m[1]);
}

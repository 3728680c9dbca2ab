/** Small text helpers shared by the pages. */

/** The last segment of an ARN (`.../cluster/name` → name, `.../task/cluster/id` → id). */
export const lastSegment = (arn: string | undefined): string => (arn ? arn.slice(arn.lastIndexOf('/') + 1) : '');

/** "12 s ago", "5 min ago", "3 h ago", else the date; `at` and `now` in epoch seconds. */
export function ago(at: number | undefined, now: number): string {
  if (at === undefined) return '—';
  const s = Math.max(0, Math.round(now - at));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(at * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

export const isoTime = (at: number | undefined): string => (at === undefined ? '' : new Date(at * 1000).toISOString());

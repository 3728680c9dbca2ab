import { invalidParameter } from '../domain/errors.js';

/** ECS List* calls: maxResults 1..max (default max); nextToken opaque. */
export function pageLimit(maxResults: number | undefined, max = 100): number {
  if (maxResults === undefined) return max;
  if (maxResults < 1 || maxResults > max) throw invalidParameter(`maxResults must be between 1 and ${max}.`);
  return maxResults;
}

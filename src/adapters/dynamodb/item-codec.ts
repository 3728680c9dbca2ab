/**
 * Number sets (host ports) come back from DynamoDB as Set<number>; records use
 * arrays. DynamoDB refuses empty sets, so an empty array means "no attribute".
 */
export const toArray = (value: unknown): number[] =>
  value instanceof Set ? [...value].map(Number).sort((a, b) => a - b) : Array.isArray(value) ? value : [];
export const toSet = (values: readonly number[]): Set<number> | undefined => (values.length ? new Set(values) : undefined);

/** Strips the key and bookkeeping attributes an item carries besides its record. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, GSI2PK: _e, GSI2SK: _f, GSI3PK: _g, GSI3SK: _h, type: _t, expiresAt: _x, ...rest } = item;
  return rest as T;
}

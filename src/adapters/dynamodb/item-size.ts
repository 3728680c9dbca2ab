/**
 * DynamoDB's size of an item as the document client holds it (what a write
 * is billed by, per started KB): attribute names plus values, strings by
 * UTF-8 length, numbers ≈ their digits, maps and lists +3 bytes, +1 per element.
 */
export function itemBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(value).replace(/^-|\.|e.*$/g, '').length / 2) + 1;
  if (value instanceof Set) return [...value].reduce((n, v) => n + itemBytes(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((n, v) => n + 1 + itemBytes(v), 0);
  return (
    3 +
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .reduce((n, [k, v]) => n + 1 + Buffer.byteLength(k) + itemBytes(v), 0)
  );
}

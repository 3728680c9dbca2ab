/** SDK error → "was it a failed condition?" without leaking SDK types into use cases. */
export const isConditionFailure = (err: unknown): boolean =>
  err instanceof Error && (err.name === 'ConditionalCheckFailedException' || err.name === 'TransactionCanceledException');

/** Per-item reasons of a cancelled transaction (e.g. ['None', 'ConditionalCheckFailed']). */
export function cancellationReasons(err: unknown): string[] {
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons?.map((r) => r.Code ?? 'None') ?? [];
}

/** A conditional write → whether its condition held (any other failure is thrown). */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

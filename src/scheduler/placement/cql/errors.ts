/**
 * A Cluster Query Language expression that cannot be parsed or whose
 * arguments make no sense for their subject. Typed so the API layer can map it
 * to InvalidParameterException before any state changes.
 */
export class CqlSyntaxError extends Error {
  constructor(
    /** What is wrong, without the position. */
    readonly reason: string,
    /** 0-based character offset into the expression. */
    readonly position: number,
  ) {
    super(`${reason} at position ${position}`);
    this.name = 'CqlSyntaxError';
  }
}

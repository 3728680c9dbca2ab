/**
 * A failed control-plane call. `type` is the ECS error shape's `__type`
 * (e.g. ClusterNotFoundException) when the server answered, or the AWS SDK's
 * names for transport failures: TimeoutError, NetworkingError, AbortError.
 */
export class ControlPlaneError extends Error {
  constructor(
    readonly type: string,
    message: string,
    /** HTTP status, when the server answered. */
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ControlPlaneError';
  }

  /** Worth retrying unchanged: transport failures, throttling and server errors (not client mistakes). */
  get retryable(): boolean {
    if (this.statusCode === undefined) return this.type !== 'AbortError';
    return this.statusCode >= 500 || this.statusCode === 429 || /Throttl/.test(this.type);
  }
}

export const isControlPlaneError = (err: unknown, type?: string): err is ControlPlaneError =>
  err instanceof ControlPlaneError && (type === undefined || err.type === type);

/** `com.amazonaws.ecs#ClusterNotFoundException` or `ClusterNotFoundException:http://…` → `ClusterNotFoundException`. */
export function normalizeErrorType(raw: string): string {
  return raw.slice(raw.lastIndexOf('#') + 1).split(':')[0] ?? raw;
}

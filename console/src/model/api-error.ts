/** An error as the API sent it: its code (`__type` without namespace) and its message, shown verbatim. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** AWS JSON error body → code + message; `queryError` is CloudWatch's `x-amzn-query-error: Code;Sender`. */
  static fromResponse(status: number, body: Record<string, unknown>, text: string, queryError?: string | null): ApiError {
    const type = typeof body.__type === 'string' ? body.__type : typeof body.code === 'string' ? body.code : '';
    const fromType = type.slice(type.lastIndexOf('#') + 1).split(':')[0];
    const code = queryError?.split(';')[0] || fromType || `HTTP${status}`;
    const message =
      (typeof body.message === 'string' && body.message) ||
      (typeof body.Message === 'string' && body.Message) ||
      text.slice(0, 300) ||
      `HTTP ${status}`;
    return new ApiError(code, message, status);
  }

  /** `Code: message`, as the CLI prints it. */
  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

/** The endpoint does not serve this API (yet): the ECS function answers UnknownOperationException for targets it does not know. */
export function isUnavailable(err: unknown): boolean {
  return (
    err instanceof ApiError &&
    (err.code === 'UnknownOperationException' || err.code === 'InvalidAction' || err.status === 404 || err.status === 501)
  );
}

export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.toString();
  return err instanceof Error ? err.message : String(err);
}

/**
 * Structured runtime failures. The code doubles as the ECS-style prefix of the
 * task's stoppedReason (e.g. "CannotPullContainerError: …"), so the control
 * plane and users see the same vocabulary as on Amazon ECS.
 */
export type RuntimeErrorCode =
  | 'CannotPullContainerError'
  | 'CannotCreateContainerError'
  | 'CannotStartContainerError'
  | 'CannotStopContainerError'
  | 'DependencyError'
  | 'ResourceInitializationError';

export class RuntimeError extends Error {
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RuntimeError';
  }

  /** The stoppedReason / container reason string: "<code>: <message>". */
  get reason(): string {
    return `${this.code}: ${this.message}`;
  }
}

/** Reason string for any thrown value, classifying unknown errors under `fallback`. */
export function reasonOf(err: unknown, fallback: RuntimeErrorCode): string {
  if (err instanceof RuntimeError) return err.reason;
  return `${fallback}: ${messageOf(err)}`;
}

/**
 * Human message of an error. dockerode errors carry the Engine's own message
 * in `json.message`, which is cleaner than "(HTTP code 500) server error - …".
 */
export function messageOf(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const json = (err as { json?: unknown }).json;
    if (typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string') {
      return (json as { message: string }).message;
    }
    if (err instanceof Error) return err.message;
  }
  return String(err);
}

/** A task or container that this driver does not know (logs / usage lookups). */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

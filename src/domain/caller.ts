/**
 * Who made a request, as the use cases see it (authentication happened in the
 * API layer). A container instance's own credential carries its identity, so
 * a use case can hold it to its own tasks.
 */
export interface Caller {
  /** For messages: `arn:aws:iam::…:user/<name>` or the container instance ARN. */
  arn: string;
  /** Set when the caller is a container instance authenticated with its own credential. */
  containerInstance?: { cluster: string; id: string };
}

/**
 * Why the protocol layer refused a request before any use case ran. Each
 * service names these in its own words (ECS: SerializationException,
 * InvalidParameterException, ClientException…; Application Auto Scaling:
 * ValidationException…), so the kind travels and the service picks the code.
 */
export type RefusalKind =
  /** The body is not JSON, or not of the model's types / members. */
  | 'serialization'
  /** Well-formed, but breaks a model constraint (required, length, range, enum, pattern). */
  | 'validation'
  /** Breaks a service quota that is not a model constraint (ECS: task definition size). */
  | 'quota'
  /** Over the request body cap (HTTP 413, as API Gateway answers an oversized payload). */
  | 'too-large'
  | 'unknown-operation';

export class RequestRefused extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
    this.name = 'RequestRefused';
  }

  get status(): number {
    return this.kind === 'too-large' ? 413 : 400;
  }
}

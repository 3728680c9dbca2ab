/**
 * A protocol message that does not parse: wrong type, unknown field, a value
 * out of range or past a bound. `path` names the offending member
 * (`reports[2].containers[0].status`); the message never echoes the value, so
 * a hostile input cannot make it long. The control plane answers it as
 * InvalidParameterException; the agent treats it as an invalid answer.
 */
export class InvalidMessageError extends Error {
  override name = 'InvalidMessageError';
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path || 'message'} ${problem}`);
  }
}

/**
 * Typed ECS errors. The API layer turns each into
 * `{"__type": code, "message": message}`; only ServerException is a 5xx.
 */
export class EcsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export const clientError = (message: string) => new EcsError('ClientException', message);
export const invalidParameter = (message: string) => new EcsError('InvalidParameterException', message);
export const clusterNotFound = () => new EcsError('ClusterNotFoundException', 'Cluster not found.');
export const serviceNotFound = () => new EcsError('ServiceNotFoundException', 'Service not found.');
export const serviceNotActive = () => new EcsError('ServiceNotActiveException', 'Service was not ACTIVE.');
export const resourceNotFound = (message = 'The specified resource could not be found.') =>
  new EcsError('ResourceNotFoundException', message);
export const serverError = () => new EcsError('ServerException', 'An internal error occurred. Try again later.', 500);

import { EcsError } from '../../domain/errors.js';

/** Application Auto Scaling's errors, as its model names them. */
export const aasErrors = {
  validation: (message: string) => new EcsError('ValidationException', message),
  notFound: (message: string) => new EcsError('ObjectNotFoundException', message),
  concurrent: (message = 'Concurrent update to the same resource; try again.') => new EcsError('ConcurrentUpdateException', message),
  limit: (message: string) => new EcsError('LimitExceededException', message),
  failedAccess: (message: string) => new EcsError('FailedResourceAccessException', message),
};

import type { AppContext } from '../../app/context.js';
import type { Authenticator } from '../../auth/authenticator.js';
import type { RequestAuth } from '../../auth/request-auth.js';
import { awsJsonService, type ServiceErrorCodes } from '../aws-json.js';
import { AWS_JSON_LIMITS } from '../limits.js';
import type { RawModel } from '../model/botocore.js';
import { compileModel } from '../model/compile.js';
import rawModel from '../model/application-autoscaling.json' with { type: 'json' };
import { aasOperations } from './aas-operations.js';

/** The Application Auto Scaling model (botocore, as shipped with AWS CLI v2.9; see src/api/model/NOTICE). */
export const aasModel = compileModel(rawModel as unknown as RawModel);

/** How Application Auto Scaling names each refusal: ValidationException for anything the model refuses. */
export const AAS_ERRORS: ServiceErrorCodes = {
  refusals: {
    serialization: 'SerializationException',
    validation: 'ValidationException',
    quota: 'ValidationException',
    'too-large': 'RequestEntityTooLargeException',
    'unknown-operation': 'UnknownOperationException',
  },
  server: { code: 'InternalServiceException', message: 'An internal error occurred. Try again later.' },
};

/**
 * Application Auto Scaling (AWS JSON 1.1, `AnyScaleFrontendService.<Operation>`),
 * served by the ecs-api function next to ECS: API Gateway routes on method
 * and path only, and both APIs are `POST /` for their stock clients.
 */
export const aasService = awsJsonService<AppContext>({
  name: 'Application Auto Scaling',
  model: aasModel,
  operations: aasOperations,
  limits: AWS_JSON_LIMITS,
  errors: AAS_ERRORS,
});

/**
 * Application Auto Scaling's guard: signing name and IAM prefix
 * `application-autoscaling`, resource `*` (its IAM actions are authorized on
 * `*` for the operations Berth serves, as the AWS CLI and SDK sign them).
 */
export function aasAuth(authenticator: Pick<Authenticator, 'authenticate'>): RequestAuth {
  return { signingName: 'application-autoscaling', actionPrefix: 'application-autoscaling', authenticator };
}

import type { AppContext } from '../../app/context.js';
import { serverError } from '../../domain/errors.js';
import { awsJsonService, type ServiceErrorCodes } from '../aws-json.js';
import { AWS_JSON_LIMITS } from '../limits.js';
import type { RawModel } from '../model/botocore.js';
import { compileModel } from '../model/compile.js';
import rawModel from '../model/ecs-model.json' with { type: 'json' };
import { ecsOperations } from './ecs-operations.js';
import { ECS_QUOTAS } from './ecs-quotas.js';

/** The ECS model (botocore, trimmed; see src/api/model/NOTICE) with ECS's documented quotas merged in. */
export const ecsModel = compileModel(rawModel as unknown as RawModel, ECS_QUOTAS);

/** How ECS names each refusal: its model's exceptions, plus the protocol's own. */
export const ECS_ERRORS: ServiceErrorCodes = {
  refusals: {
    serialization: 'SerializationException',
    validation: 'InvalidParameterException',
    quota: 'ClientException',
    'too-large': 'RequestEntityTooLargeException',
    'unknown-operation': 'UnknownOperationException',
  },
  server: { code: serverError().code, message: serverError().message },
};

/** ECS (AWS JSON 1.1, `AmazonEC2ContainerServiceV20141113.<Operation>`). */
export const ecsService = awsJsonService<AppContext>({
  name: 'ECS',
  model: ecsModel,
  operations: ecsOperations,
  limits: AWS_JSON_LIMITS,
  errors: ECS_ERRORS,
});

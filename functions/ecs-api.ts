import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { lambdaReconcileTrigger } from '../src/adapters/lambda/reconcile-trigger.js';
import { awsJsonApi } from '../src/api/aws-json.js';
import { aasAuth, aasService } from '../src/api/aas/aas-service.js';
import { ecsAuth } from '../src/api/ecs/ecs-authorization.js';
import { ecsService } from '../src/api/ecs/ecs-service.js';
import { readConfig } from '../src/config.js';
import { jsonLogger } from '../src/logging.js';
import { buildAppContext } from '../src/wiring/app-context.js';
import { httpRequestOf } from '../src/wiring/http-event.js';
import { lambdaHandler } from '../src/wiring/lambda-handler.js';
import { buildAuthenticator, buildSecurity } from '../src/wiring/security.js';

// Built once per Lambda container, reused across invocations.
const config = readConfig();
const log = jsonLogger('ecs-api');
const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log) });
const authenticator = buildAuthenticator(config, buildSecurity(config), log);
const api = awsJsonApi(
  [
    { ...ecsService, auth: ecsAuth(authenticator, ctx.arn) },
    { ...aasService, auth: aasAuth(authenticator) },
  ],
  ctx,
  log,
);

/**
 * The AWS JSON APIs behind API Gateway at `POST /`: ECS and Application Auto
 * Scaling, told apart by X-Amz-Target (API Gateway routes on method and path
 * only, and both are `POST /` for their stock clients); every request
 * SigV4-verified and authorized.
 */
export const handler = lambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>((event, context?: Context) =>
  api.handle(httpRequestOf(event), {
    remainingMs: context?.getRemainingTimeInMillis ? () => context.getRemainingTimeInMillis() : undefined,
  }),
);

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { lambdaReconcileTrigger } from '../adapters/lambda/reconcile-trigger.js';
import { aasAuth, aasService } from '../api/aas/aas-service.js';
import { awsJsonApi } from '../api/aws-json.js';
import { ecsAuth } from '../api/ecs/ecs-authorization.js';
import { ecsService } from '../api/ecs/ecs-service.js';
import { readConfig, type BerthConfig } from '../config.js';
import { createLogger } from '../logging/json-lines-logger.js';
import { buildAppContext, type BuildOptions } from './app-context.js';
import { httpRequestOf } from './http-event.js';
import { lambdaHandler, remainingMsOf } from './lambda-handler.js';
import { buildAuthenticator, buildSecurity } from './security.js';

/**
 * functions/ecs-api: the AWS JSON APIs behind API Gateway at `POST /` (ECS
 * today), told apart by X-Amz-Target; every request SigV4-verified and authorized.
 */
export function ecsApiHandler(config: BerthConfig = readConfig(), opts: BuildOptions = {}) {
  const log = createLogger({ fields: { component: 'ecs-api' } });
  const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log), ...opts });
  const authenticator = buildAuthenticator(config, buildSecurity(config), log);
  const api = awsJsonApi(
    [
      { ...ecsService, auth: ecsAuth(authenticator, ctx.arn) },
      { ...aasService, auth: aasAuth(authenticator) },
    ],
    ctx,
    log,
  );
  return lambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>((event, context?: Context) =>
    api.handle(httpRequestOf(event), { remainingMs: remainingMsOf(context) }),
  );
}

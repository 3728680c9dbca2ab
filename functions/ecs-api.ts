import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { lambdaReconcileTrigger } from '../src/adapters/lambda/reconcile-trigger.js';
import { AAS_TARGET_PREFIX, handleAas } from '../src/api/aas/aas-api.js';
import { handleAwsJson, type HttpRequest } from '../src/api/aws-json.js';
import { ecsOperations } from '../src/api/ecs-operations.js';
import { readConfig } from '../src/config.js';
import { jsonLogger } from '../src/logging.js';
import { buildAppContext } from '../src/wiring/app-context.js';
import { lambdaHandler } from '../src/wiring/lambda-handler.js';

// Built once per Lambda container, reused across invocations.
const config = readConfig();
const log = jsonLogger('ecs-api');
const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log) });

/**
 * The AWS JSON 1.1 APIs behind API Gateway at `POST /`: ECS and Application
 * Auto Scaling. API Gateway routes on method and path only, and both
 * protocols post to `/` (the stock clients' endpoint), so one function serves
 * both and tells them apart by X-Amz-Target.
 */
export const handler = lambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>((event) => {
  const req: HttpRequest = { headers: event.headers, body: event.body, isBase64Encoded: event.isBase64Encoded };
  const target = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1] ?? '';
  return target.startsWith(`${AAS_TARGET_PREFIX}.`) ? handleAas(req, ctx, log) : handleAwsJson(req, ecsOperations, ctx, log);
});

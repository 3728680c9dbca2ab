import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { lambdaReconcileTrigger } from '../adapters/lambda/reconcile-trigger.js';
import { handleAwsJson } from '../api/aws-json.js';
import { ecsOperations } from '../api/ecs-operations.js';
import { readConfig, type BerthConfig } from '../config.js';
import { createLogger } from '../logging/json-lines-logger.js';
import { buildAppContext, type BuildOptions } from './app-context.js';
import { httpRequestOf, lambdaHandler } from './lambda-handler.js';

/** functions/ecs-api: the ECS API (AWS JSON 1.1) behind API Gateway, `POST /`. */
export function ecsApiHandler(config: BerthConfig = readConfig(), opts: BuildOptions = {}) {
  const log = createLogger({ fields: { component: 'ecs-api' } });
  const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log), ...opts });
  return lambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>((event) =>
    handleAwsJson(httpRequestOf(event), ecsOperations, ctx, log),
  );
}

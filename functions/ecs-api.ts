import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { lambdaReconcileTrigger } from '../src/adapters/lambda/reconcile-trigger.js';
import { handleAwsJson } from '../src/api/aws-json.js';
import { ecsOperations } from '../src/api/ecs-operations.js';
import { readConfig } from '../src/config.js';
import { jsonLogger } from '../src/logging.js';
import { buildAppContext } from '../src/wiring/app-context.js';
import { lambdaHandler } from '../src/wiring/lambda-handler.js';

// Built once per Lambda container, reused across invocations.
const config = readConfig();
const log = jsonLogger('ecs-api');
const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log) });

/** The ECS API (AWS JSON 1.1) behind API Gateway: `POST /`. */
export const handler = lambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>((event) =>
  handleAwsJson({ headers: event.headers, body: event.body, isBase64Encoded: event.isBase64Encoded }, ecsOperations, ctx, log),
);

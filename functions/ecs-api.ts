import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { lambdaReconcileTrigger } from '../src/adapters/lambda/reconcile-trigger.js';
import { handleAwsJson } from '../src/api/aws-json.js';
import { ecsResources } from '../src/api/ecs-authorization.js';
import { ecsOperations } from '../src/api/ecs-operations.js';
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
const auth = {
  signingName: 'ecs',
  actionPrefix: 'ecs',
  authenticator: buildAuthenticator(config, buildSecurity(config), log),
  resources: (operation: string, input: unknown) => ecsResources(operation, input, ctx.arn),
};

/** The ECS API (AWS JSON 1.1) behind API Gateway: `POST /`, every request SigV4-verified and authorized. */
export const handler = lambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>((event) =>
  handleAwsJson(httpRequestOf(event), ecsOperations, ctx, log, auth),
);

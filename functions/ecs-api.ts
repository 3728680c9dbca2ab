import { ecsApiHandler } from '../src/wiring/ecs-api-handler.js';

/** The ECS API (AWS JSON 1.1) behind API Gateway: `POST /`. Built once per Lambda container, reused across invocations. */
export const handler = ecsApiHandler();

/**
 * Application Auto Scaling on Berth's endpoint: AWS JSON 1.1 at `POST /`
 * with `X-Amz-Target: AnyScaleFrontendService.<Operation>`, validated
 * against its model (src/api/model/application-autoscaling.json) before any
 * use case runs; errors in the model's names (ValidationException,
 * ObjectNotFoundException, …; InternalServiceException for the rest, with
 * nothing internal in it).
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { EcsError } from '../../domain/errors.js';
import { parseBody, respond, type HttpRequest, type HttpResponse, type Logger } from '../aws-json.js';
import model from '../model/application-autoscaling.json' with { type: 'json' };
import type { Shape } from '../model/model.js';
import { validateAgainst } from '../validate.js';
import { aasOperations } from './aas-operations.js';

export const AAS_TARGET_PREFIX: string = model.metadata.targetPrefix;
const shapes = model.shapes as unknown as Record<string, Shape>;
const operations = model.operations as unknown as Record<string, { input?: { shape: string } }>;
const CONTENT_TYPE = 'application/x-amz-json-1.1';

const validation = (message: string) => new EcsError('ValidationException', message);

export async function handleAas(req: HttpRequest, ctx: AppContext, log: Logger): Promise<HttpResponse> {
  const requestId = randomUUID();
  const target = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1] ?? '';
  const name = target.startsWith(`${AAS_TARGET_PREFIX}.`) ? target.slice(AAS_TARGET_PREFIX.length + 1) : '';
  try {
    const handler = aasOperations.get(name);
    if (!handler || !Object.hasOwn(operations, name))
      throw new EcsError('UnknownOperationException', `Unknown operation ${target.slice(0, 128)}.`);
    const input = parseBody(req);
    const shape = operations[name].input?.shape;
    if (shape) validateAgainst(shapes, shape, input, validation);
    return respond(200, requestId, (await handler(input, ctx)) ?? {}, CONTENT_TYPE);
  } catch (err) {
    if (err instanceof EcsError && err.status < 500)
      return respond(err.status, requestId, { __type: err.code, message: err.message }, CONTENT_TYPE);
    log.error('request failed', {
      requestId,
      operation: name,
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    return respond(
      500,
      requestId,
      { __type: 'InternalServiceException', message: 'An internal error occurred. Try again later.' },
      CONTENT_TYPE,
    );
  }
}

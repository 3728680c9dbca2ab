/**
 * CloudWatch over AWS JSON 1.0 (`X-Amz-Target: GraniteServiceVersion20100801.<Op>`),
 * what @aws-sdk/client-cloudwatch sends. CloudWatch is "awsQueryCompatible":
 * an error carries its shape name in `__type` and its query-protocol code in
 * the `x-amzn-query-error: <Code>;Sender` header, which the SDK prefers.
 * Doubles that JSON cannot carry arrive as the strings "NaN" / "Infinity";
 * they become numbers here so the operations refuse them like the query
 * protocol's. Same operation handlers as the query protocol.
 */
import { randomUUID } from 'node:crypto';
import { EcsError } from '../../../domain/errors.js';
import { parseBody, respond, type HttpRequest, type HttpResponse, type Logger } from '../../../api/aws-json.js';
import type { BotocoreModel, MemberRef } from '../../../api/query/botocore-model.js';
import type { QueryOperation } from '../../../api/query/handle-query.js';

export interface JsonService<C> {
  model: BotocoreModel;
  operations: ReadonlyMap<string, QueryOperation<C>>;
  validate(shapeName: string, input: unknown): void;
}

const CONTENT_TYPE = 'application/x-amz-json-1.0';

export async function handleJson10<C>(req: HttpRequest, service: JsonService<C>, ctx: C, log: Logger): Promise<HttpResponse> {
  const requestId = randomUUID();
  const prefix = service.model.metadata.targetPrefix!;
  const target = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1] ?? '';
  const name = target.startsWith(`${prefix}.`) ? target.slice(prefix.length + 1) : undefined;
  try {
    const op = name !== undefined && Object.hasOwn(service.model.operations, name) ? service.model.operations[name] : undefined;
    const handler = name !== undefined ? service.operations.get(name) : undefined;
    if (!op || !handler) throw new EcsError('UnknownOperationException', `Unknown operation ${target.slice(0, 128)}.`);
    const input = parseBody(req) as Record<string, unknown>;
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw new EcsError('SerializationException', 'The request body must be a JSON object.');
    if (op.input) {
      normalize(service.model, { shape: op.input.shape }, input);
      service.validate(op.input.shape, input);
    }
    const output = await handler(input, ctx);
    return respond(200, requestId, output ?? {}, CONTENT_TYPE);
  } catch (err) {
    if (err instanceof EcsError && err.status < 500) {
      const out = respond(err.status, requestId, { __type: shapeOfCode(service.model, err.code), message: err.message }, CONTENT_TYPE);
      out.headers['x-amzn-query-error'] = `${err.code};Sender`;
      return out;
    }
    log.error('request failed', {
      requestId,
      operation: name,
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    const out = respond(500, requestId, { __type: 'InternalServiceFault', message: 'An internal error occurred.' }, CONTENT_TYPE);
    out.headers['x-amzn-query-error'] = 'InternalServiceError;Receiver';
    return out;
  }
}

const codeShapes = new WeakMap<BotocoreModel, Map<string, string>>();
/** The exception shape whose wire code is `code` (the shape named like the code when several share it). */
function shapeOfCode(model: BotocoreModel, code: string): string {
  let map = codeShapes.get(model);
  if (!map) {
    map = new Map();
    for (const [name, shape] of Object.entries(model.shapes)) {
      const c = shape.error?.code;
      if (shape.exception && c && (!map.has(c) || name === c)) map.set(c, name);
    }
    codeShapes.set(model, map);
  }
  return map.get(code) ?? code;
}

const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/**
 * In place: "NaN" / "Infinity" / "-Infinity" strings in double positions
 * become those numbers; ISO-8601 timestamps become epoch seconds (what the
 * operations read, as the SDK sends them).
 */
function normalize(model: BotocoreModel, ref: MemberRef, value: unknown): unknown {
  const shape = Object.hasOwn(model.shapes, ref.shape) ? model.shapes[ref.shape] : undefined;
  if (!shape || value === null || value === undefined) return value;
  if ((shape.type === 'double' || shape.type === 'float') && typeof value === 'string' && Object.hasOwn(SPECIAL, value))
    return SPECIAL[value];
  if (shape.type === 'timestamp' && typeof value === 'string' && Number.isFinite(Date.parse(value))) return Date.parse(value) / 1000;
  if (shape.type === 'structure' && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const [k, m] of Object.entries(shape.members ?? {})) if (Object.hasOwn(obj, k)) obj[k] = normalize(model, m, obj[k]);
  } else if (shape.type === 'list' && Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = normalize(model, shape.member!, value[i]);
  } else if (shape.type === 'map' && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const k of Object.keys(obj)) obj[k] = normalize(model, shape.value!, obj[k]);
  }
  return value;
}

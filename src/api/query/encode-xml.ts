import type { RawModel, RawShape, RawShapeRef } from '../model/botocore.js';
import { ownShape } from '../model/own.js';

/**
 * The XML a query-protocol service answers with, as botocore's QueryParser
 * reads it: `<OpResponse xmlns=…><OpResult>…</OpResult><ResponseMetadata>…`.
 * Handlers return the same plain objects as for the JSON protocols
 * (timestamps as epoch seconds or Date); the model decides element names,
 * list and map wrapping and scalar formats.
 */
export function encodeQueryResponse(model: RawModel, operation: string, output: unknown, requestId: string): string {
  const op = model.operations[operation];
  const ns = model.metadata.xmlNamespace ?? '';
  const wrapper = op.resultWrapper;
  const body = op.output && output ? structure(model, ownShape(model, op.output), output as Record<string, unknown>) : '';
  const result = wrapper ? `<${wrapper}>${body}</${wrapper}>` : body;
  return `<${operation}Response xmlns="${ns}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
}

/** `<ErrorResponse>` with the error code the model gives the exception (e.g. TargetGroupNotFound). */
export function encodeQueryError(model: RawModel, code: string, message: string, requestId: string, sender = true): string {
  const ns = model.metadata.xmlNamespace ?? '';
  return (
    `<ErrorResponse xmlns="${ns}"><Error><Type>${sender ? 'Sender' : 'Receiver'}</Type><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

function structure(model: RawModel, shape: RawShape, value: Record<string, unknown>): string {
  let xml = '';
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    xml += member(model, ref, ref.locationName ?? name, v);
  }
  return xml;
}

function member(model: RawModel, ref: RawShapeRef, tag: string, value: unknown): string {
  const shape = ownShape(model, ref.shape);
  switch (shape.type) {
    case 'structure':
      return `<${tag}>${structure(model, shape, value as Record<string, unknown>)}</${tag}>`;
    case 'list': {
      const items = value as unknown[];
      const m = shape.member!;
      if (shape.flattened || ref.flattened) return items.map((item) => member(model, m, m.locationName ?? tag, item)).join('');
      return `<${tag}>${items.map((item) => member(model, m, m.locationName ?? 'member', item)).join('')}</${tag}>`;
    }
    case 'map': {
      const k = shape.key!.locationName ?? 'key';
      const v = shape.value!.locationName ?? 'value';
      const entries = Object.entries(value as Record<string, unknown>)
        .map(([key, val]) => `<entry><${k}>${escapeXml(key)}</${k}>${member(model, shape.value!, v, val)}</entry>`)
        .join('');
      return `<${tag}>${entries}</${tag}>`;
    }
    default:
      return `<${tag}>${escapeXml(scalar(shape, value))}</${tag}>`;
  }
}

function scalar(shape: RawShape, value: unknown): string {
  if (shape.type === 'timestamp') {
    const date = value instanceof Date ? value : new Date(Number(value) * 1000);
    return date.toISOString();
  }
  if (shape.type === 'blob' && value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

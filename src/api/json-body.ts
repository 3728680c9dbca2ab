import { header, type HttpRequest } from './http.js';
import { RequestRefused } from './refusal.js';

/** Caps applied to a JSON request body before it is parsed (see src/api/limits.ts for the numbers and their sources). */
export interface BodyLimits {
  /** UTF-8 bytes of the body. */
  maxBytes: number;
  /** Nesting of objects and arrays. */
  maxDepth: number;
  /** Characters of any one JSON string (raw, escapes included); unlimited when absent. */
  maxStringLength?: number;
}

/**
 * The request body as JSON, refused as early and as cheaply as possible:
 * Content-Length and the raw length before anything is decoded, then one
 * linear scan for nesting depth (and string length) before JSON.parse, so no
 * later step — parse, validation, a recursive walk, DynamoDB's marshaller —
 * ever sees a 10,000-deep or 10 MB document. An empty body is `{}`.
 */
export function readJsonBody(req: HttpRequest, limits: BodyLimits): unknown {
  const declared = header(req.headers, 'content-length');
  if (declared !== undefined && /^\d+$/.test(declared.trim()) && Number(declared) > limits.maxBytes)
    throw tooLarge(Number(declared), limits);
  const raw = decode(req, limits);
  if (raw.trim() === '') return {};
  scan(raw, limits);
  try {
    return JSON.parse(raw);
  } catch {
    throw new RequestRefused('serialization', 'The request body is not valid JSON.');
  }
}

/**
 * Only the size caps — the declared Content-Length and the raw length, no
 * decoding — cheap enough to run before a signature is checked, so an
 * oversized body is refused (413) without ever being hashed.
 */
export function checkBodySize(req: HttpRequest, limits: BodyLimits): void {
  const declared = header(req.headers, 'content-length');
  if (declared !== undefined && /^\d+$/.test(declared.trim()) && Number(declared) > limits.maxBytes)
    throw tooLarge(Number(declared), limits);
  const length = (req.body ?? '').length;
  const max = req.isBase64Encoded ? Math.ceil(limits.maxBytes / 3) * 4 + 4 : limits.maxBytes;
  if (length > max) throw tooLarge(req.isBase64Encoded ? Math.floor((length * 3) / 4) : Buffer.byteLength(req.body ?? ''), limits);
}

const tooLarge = (bytes: number, limits: BodyLimits) =>
  new RequestRefused('too-large', `The request body is ${bytes} bytes; this API accepts at most ${limits.maxBytes} bytes.`);

function decode(req: HttpRequest, limits: BodyLimits): string {
  const body = req.body ?? '';
  if (req.isBase64Encoded) {
    // 4 base64 characters carry 3 bytes: refuse before decoding anything oversized.
    if (body.length > Math.ceil(limits.maxBytes / 3) * 4 + 4) throw tooLarge(Math.floor((body.length * 3) / 4), limits);
    const bytes = Buffer.from(body, 'base64');
    if (bytes.length > limits.maxBytes) throw tooLarge(bytes.length, limits);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new RequestRefused('serialization', 'The request body is not UTF-8 text.');
    }
  }
  // A string's UTF-8 form has at least as many bytes as it has UTF-16 units: the length alone can refuse it.
  if (body.length > limits.maxBytes) throw tooLarge(Buffer.byteLength(body), limits);
  const bytes = Buffer.byteLength(body);
  if (bytes > limits.maxBytes) throw tooLarge(bytes, limits);
  return body;
}

/** One pass over the characters: nesting depth and string lengths, outside and inside strings. */
function scan(raw: string, limits: BodyLimits): void {
  const maxString = limits.maxStringLength ?? Infinity;
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x22) {
      const start = i;
      for (i++; i < raw.length; i++) {
        const s = raw.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
      if (i - start - 1 > maxString) {
        throw new RequestRefused(
          'validation',
          `A string in the request body is ${i - start - 1} characters long; at most ${maxString} are accepted.`,
        );
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limits.maxDepth) {
        throw new RequestRefused('serialization', `The request body nests objects and lists more than ${limits.maxDepth} levels deep.`);
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpRequest } from '../api/http.js';

/**
 * An API Gateway HTTP API event (payload 2.0) → the request as the client sent
 * it, for SigV4: rawPath (which includes a named stage, as the client signed
 * it), the raw query string, the Host header the client used, the body bytes.
 */
export function httpRequestOf(event: APIGatewayProxyEventV2): HttpRequest {
  return {
    headers: event.headers,
    body: event.body,
    isBase64Encoded: event.isBase64Encoded,
    method: event.requestContext?.http?.method ?? 'POST',
    path: event.rawPath ?? '/',
    query: event.rawQueryString,
    sourceIp: event.requestContext?.http?.sourceIp,
  };
}

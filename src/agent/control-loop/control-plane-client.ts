/**
 * The agent's HTTP client for the control plane: the ECS JSON 1.1 calls a
 * container instance makes, plus Berth's poll. Global fetch, no AWS SDK: the
 * agent stays dependency-free, and every agent of a hollow fleet in one process
 * shares fetch's global keep-alive connection pool.
 */
import { ControlPlaneError, normalizeErrorType } from './control-plane-error.js';
import { InvalidMessageError, parsePollResponse, type PollRequest, type PollResponse } from '../../protocol/index.js';
import type { RegisterRequest } from './ecs-registration.js';

export const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113';
export const POLL_PATH = '/agent/v1/poll';
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface ControlPlaneClientOptions {
  /** ECS API base URL, e.g. http://127.0.0.1:3000. */
  endpoint: string;
  /** Region named in the (unsigned) SigV4 credential scope. */
  region?: string;
  timeoutMs?: number;
  /** Aborts every request of this client (used to kill an agent abruptly). */
  signal?: AbortSignal;
  /** Per-instance credential for the poll call; accepted and ignored by today's control plane. */
  token?: string;
  fetch?: typeof fetch;
  now?: () => number;
}

export class ControlPlaneClient {
  private readonly endpoint: string;
  private readonly region: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;

  /** Throws TypeError for an endpoint that is not an http(s) URL: a typo should fail at start, not be retried forever. */
  constructor(private readonly opts: ControlPlaneClientOptions) {
    if (!isHttpUrl(opts.endpoint)) {
      throw new TypeError(`the control plane endpoint must be an http(s) URL, not ${JSON.stringify(opts.endpoint)}`);
    }
    this.endpoint = trimSlash(opts.endpoint);
    this.region = opts.region ?? 'us-east-1';
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.fetchFn = opts.fetch ?? fetch;
    this.now = opts.now ?? Date.now;
  }

  /** Returns the container instance ARN. */
  async registerContainerInstance(req: RegisterRequest): Promise<string> {
    const out = (await this.ecs('RegisterContainerInstance', req)) as { containerInstance?: { containerInstanceArn?: unknown } };
    const arn = out.containerInstance?.containerInstanceArn;
    if (typeof arn !== 'string')
      throw new ControlPlaneError('InvalidResponse', 'RegisterContainerInstance returned no containerInstanceArn', 200);
    return arn;
  }

  /** Returns the base URL to poll. */
  async discoverPollEndpoint(cluster: string, containerInstance: string): Promise<string> {
    const out = (await this.ecs('DiscoverPollEndpoint', { cluster, containerInstance })) as { endpoint?: unknown };
    if (typeof out.endpoint !== 'string') throw new ControlPlaneError('InvalidResponse', 'DiscoverPollEndpoint returned no endpoint', 200);
    return trimSlash(out.endpoint);
  }

  async deregisterContainerInstance(cluster: string, containerInstance: string, force = false): Promise<void> {
    await this.ecs('DeregisterContainerInstance', { cluster, containerInstance, force });
  }

  async poll(pollEndpoint: string, req: PollRequest): Promise<PollResponse> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.opts.token) headers.Authorization = `Bearer ${this.opts.token}`;
    const body = await this.send(`${trimSlash(pollEndpoint)}${POLL_PATH}`, headers, req, 'poll');
    try {
      return parsePollResponse(body);
    } catch (err) {
      if (!(err instanceof InvalidMessageError)) throw err;
      throw new ControlPlaneError('InvalidResponse', `poll: ${err.message}`, 200, { cause: err });
    }
  }

  private ecs(operation: string, input: object): Promise<unknown> {
    const amzDate = new Date(this.now())
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const headers = {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `${ECS_TARGET_PREFIX}.${operation}`,
      'X-Amz-Date': amzDate,
      // Shaped like SigV4 but unsigned: the local stack ignores signatures, and the agent holds no AWS keys.
      Authorization:
        `AWS4-HMAC-SHA256 Credential=berth-agent/${amzDate.slice(0, 8)}/${this.region}/ecs/aws4_request, ` +
        `SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`,
    };
    return this.send(`${this.endpoint}/`, headers, input, operation);
  }

  private async send(url: string, headers: Record<string, string>, body: unknown, what: string): Promise<unknown> {
    const signals = [AbortSignal.timeout(this.timeoutMs), ...(this.opts.signal ? [this.opts.signal] : [])];
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.any(signals) });
      text = await res.text();
    } catch (err) {
      throw transportError(err, what, this.timeoutMs);
    }
    const json = parseJson(text);
    if (res.ok) {
      if (json === undefined && text.trim() !== '')
        throw new ControlPlaneError('InvalidResponse', `${what}: answer is not JSON`, res.status);
      return json ?? {};
    }
    const shape = (json ?? {}) as { __type?: unknown; message?: unknown; Message?: unknown };
    const rawType = typeof shape.__type === 'string' ? shape.__type : res.headers.get('x-amzn-errortype');
    const type = rawType ? normalizeErrorType(rawType) : res.status >= 500 ? 'ServerException' : 'HttpError';
    const message =
      typeof shape.message === 'string' ? shape.message : typeof shape.Message === 'string' ? shape.Message : text.slice(0, 200);
    throw new ControlPlaneError(type, `${what}: ${message || `HTTP ${res.status}`}`, res.status);
  }
}

function transportError(err: unknown, what: string, timeoutMs: number): ControlPlaneError {
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError')
    return new ControlPlaneError('TimeoutError', `${what}: no answer within ${timeoutMs} ms`, undefined, { cause: err });
  if (name === 'AbortError') return new ControlPlaneError('AbortError', `${what}: aborted`, undefined, { cause: err });
  // fetch reports "fetch failed" and hides the reason (ECONNREFUSED, …) in `cause`.
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new ControlPlaneError('NetworkingError', `${what}: ${detail}`, undefined, { cause: err });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** Not URL.parse: it only arrived in Node 20.18. */
function isHttpUrl(raw: string): boolean {
  try {
    return /^https?:$/.test(new URL(raw).protocol);
  } catch {
    return false;
  }
}

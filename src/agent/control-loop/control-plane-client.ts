/**
 * The agent's HTTP client for the control plane: the ECS JSON 1.1 calls a
 * container instance makes, plus Berth's poll and registration with a join
 * token. Global fetch and the AWS SDK's own SigV4 signer, no SDK client: every
 * agent of a hollow fleet in one process shares fetch's global keep-alive
 * connection pool. Every call but the join is signed with the instance's own
 * key, as the ECS agent signs with its instance role.
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { ControlPlaneError, normalizeErrorType } from './control-plane-error.js';
import {
  AGENT_CONTENT_TYPE,
  InvalidMessageError,
  parseJoinResponse,
  parsePollResponse,
  type AgentCredentials,
  type JoinedInstance,
  POLL_PATH,
  REGISTER_PATH,
  type PollRequest,
  type PollResponse,
} from '../../protocol/index.js';
import type { RegisterRequest } from './ecs-registration.js';

export const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113';

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface ControlPlaneClientOptions {
  /** ECS API base URL, e.g. http://127.0.0.1:3000. */
  endpoint: string;
  /** Region of the SigV4 credential scope. */
  region?: string;
  timeoutMs?: number;
  /** Aborts every request of this client (used to kill an agent abruptly). */
  signal?: AbortSignal;
  /** Signs every call; set later with setCredentials() once the instance has joined. */
  credentials?: AgentCredentials;
  fetch?: typeof fetch;
  now?: () => number;
}

export class ControlPlaneClient {
  private readonly endpoint: string;
  private readonly region: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;
  private signer?: SignatureV4;

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
    this.setCredentials(opts.credentials);
  }

  setCredentials(credentials: AgentCredentials | undefined): void {
    this.signer = credentials
      ? new SignatureV4({ credentials, region: this.region, service: 'ecs', sha256: Hash.bind(null, 'sha256'), applyChecksum: false })
      : undefined;
  }

  get hasCredentials(): boolean {
    return this.signer !== undefined;
  }

  /** Registers with a join token: the control plane answers with the instance and its own credentials. */
  async join(joinToken: string, req: RegisterRequest): Promise<JoinedInstance> {
    const headers = { 'Content-Type': AGENT_CONTENT_TYPE, Authorization: `Bearer ${joinToken}` };
    const out = await this.send(`${this.endpoint}${REGISTER_PATH}`, headers, req, 'join');
    try {
      return parseJoinResponse(out);
    } catch (err) {
      if (err instanceof InvalidMessageError) throw new ControlPlaneError('InvalidResponse', err.message, 200);
      throw err;
    }
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
    const url = `${trimSlash(pollEndpoint)}${POLL_PATH}`;
    const body = await this.send(url, await this.sign(url, { 'Content-Type': 'application/json' }, req), req, 'poll');
    try {
      return parsePollResponse(body);
    } catch (err) {
      if (!(err instanceof InvalidMessageError)) throw err;
      throw new ControlPlaneError('InvalidResponse', `poll: ${err.message}`, 200, { cause: err });
    }
  }

  private async ecs(operation: string, input: object): Promise<unknown> {
    const url = `${this.endpoint}/`;
    const headers = { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${ECS_TARGET_PREFIX}.${operation}` };
    return this.send(url, await this.sign(url, headers, input), input, operation);
  }

  /** SigV4 over the exact bytes fetch sends (JSON.stringify of the same object), Host included. */
  private async sign(url: string, headers: Record<string, string>, body: unknown): Promise<Record<string, string>> {
    if (!this.signer) return headers;
    const u = new URL(url);
    const signed = await this.signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: u.protocol,
        hostname: u.hostname,
        port: u.port ? Number(u.port) : undefined,
        path: u.pathname,
        headers: { ...headers, host: u.host },
        body: JSON.stringify(body),
      }),
      { signingDate: new Date(this.now()) },
    );
    // fetch sets Host from the URL itself (the same value).
    const { host: _host, ...out } = signed.headers;
    return out;
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

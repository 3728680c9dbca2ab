import type { ArnContext } from '../domain/arn.js';
import type { Logger } from '../logging/logger.js';
import type { CredentialStore } from '../ports/credential-store.js';
import type { SecretCipher } from '../ports/secret-cipher.js';
import { AuthFailure, unknownKey } from './auth-failure.js';
import { principalOf, type Principal } from './principal.js';
import type { SignedRequest } from './signed-request.js';
import { readClaim, verifyClaim } from './sigv4.js';

/** The authenticator logs refusals (their reason, never the secret) as warnings. */
export type AuthLog = Pick<Logger, 'warn'>;

export interface AuthenticatorOptions {
  credentials: Pick<CredentialStore, 'get'>;
  cipher: SecretCipher;
  arn: ArnContext;
  now?: () => number;
  log?: AuthLog;
  /**
   * How long a looked-up credential (or its absence) is trusted in this
   * process: the delay before a revocation takes effect everywhere. Default
   * 5 s: a steady client costs one GetItem per key per 5 s per process, and
   * KMS is asked once per key per process (opened secrets are kept).
   */
  ttlMs?: number;
  /** Bounds the caches against floods of made-up key ids. */
  maxEntries?: number;
}

interface Resolved {
  secret: string;
  principal: Principal;
}

export const DEFAULT_CREDENTIAL_TTL_MS = 5000;
const FAILURE_LOG_PER_SECOND = 20;

/**
 * `authenticate(request, signingName)` → the principal that signed it, or the
 * AuthFailure to answer with. Cheap refusals first (syntax, scope, clock skew:
 * no I/O at all), then one cached credential lookup, then the signature.
 * Failed attempts are logged with the key id and source, never the signature
 * or anything secret, at most 20 lines a second (then a count of the rest).
 */
export class Authenticator {
  private readonly lookups = new Map<string, { at: number; value: Promise<Resolved | undefined> }>();
  private readonly secrets = new Map<string, Promise<string>>();
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private logWindow = { second: 0, lines: 0, suppressed: 0 };
  /** Lookups answered from the cache vs the store, for bench:api. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(private readonly opts: AuthenticatorOptions) {
    this.now = opts.now ?? Date.now;
    this.ttlMs = opts.ttlMs ?? DEFAULT_CREDENTIAL_TTL_MS;
    this.maxEntries = opts.maxEntries ?? 10_000;
  }

  async authenticate(req: SignedRequest, service: string): Promise<Principal | AuthFailure> {
    let accessKeyId: string | undefined;
    try {
      const claim = readClaim(req, { region: this.opts.arn.region, service }, this.now());
      accessKeyId = claim.accessKeyId;
      const resolved = await this.lookup(claim.accessKeyId);
      if (!resolved) throw unknownKey();
      const failure = await verifyClaim(req, claim, resolved.secret);
      if (failure) throw failure;
      return resolved.principal;
    } catch (err) {
      if (!(err instanceof AuthFailure)) throw err;
      this.logFailure(err, req, service, accessKeyId);
      return err;
    }
  }

  /** Drops a key from this process's cache (it was just revoked here). */
  forget(accessKeyId: string): void {
    this.lookups.delete(accessKeyId);
  }

  private lookup(accessKeyId: string): Promise<Resolved | undefined> {
    const now = this.now();
    const hit = this.lookups.get(accessKeyId);
    if (hit && now - hit.at < this.ttlMs) {
      this.stats.hits++;
      return hit.value;
    }
    this.stats.misses++;
    const value = this.resolve(accessKeyId);
    this.remember(this.lookups, accessKeyId, { at: now, value });
    // A failed lookup (DynamoDB or KMS unavailable) is not remembered: the next request asks again.
    value.catch(() => {
      if (this.lookups.get(accessKeyId)?.value === value) this.lookups.delete(accessKeyId);
    });
    return value;
  }

  private async resolve(accessKeyId: string): Promise<Resolved | undefined> {
    const cred = await this.opts.credentials.get(accessKeyId);
    if (!cred) return undefined;
    // A credential's secret never changes: what was opened once stays valid for the life of the process.
    const cacheKey = `${accessKeyId}\n${cred.sealedSecret}`;
    let secret = this.secrets.get(cacheKey);
    if (!secret) {
      secret = this.opts.cipher.open(cred.sealedSecret, accessKeyId);
      this.remember(this.secrets, cacheKey, secret);
      secret.catch(() => this.secrets.delete(cacheKey));
    }
    return { secret: await secret, principal: principalOf(cred, this.opts.arn) };
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    // Oldest first: Map keeps insertion order.
    while (map.size > this.maxEntries) map.delete(map.keys().next().value!);
  }

  private logFailure(failure: AuthFailure, req: SignedRequest, service: string, accessKeyId?: string): void {
    const log = this.opts.log;
    if (!log) return;
    const second = Math.floor(this.now() / 1000);
    const w = this.logWindow;
    if (second !== w.second) {
      if (w.suppressed) log.warn('authentication failures not logged', { count: w.suppressed, second: w.second });
      this.logWindow = { second, lines: 0, suppressed: 0 };
    }
    if (++this.logWindow.lines > FAILURE_LOG_PER_SECOND) {
      this.logWindow.suppressed++;
      return;
    }
    const headers = req.headers ?? {};
    const forwarded = headers['x-forwarded-for'] ?? headers['X-Forwarded-For'];
    log.warn('authentication failed', {
      reason: failure.kind,
      message: failure.message.slice(0, 200),
      accessKeyId: (accessKeyId ?? keyIdIn(headers['authorization'] ?? headers['Authorization']))?.slice(0, 128),
      source: req.sourceIp,
      ...(forwarded ? { forwardedFor: forwarded.slice(0, 128) } : {}),
      service,
      method: req.method,
      path: req.path.slice(0, 128),
    });
  }
}

/** The key id of an Authorization header that could not be read as a whole, for the log. */
function keyIdIn(authorization: string | undefined): string | undefined {
  return authorization ? /Credential=([^/,\s]{1,128})/.exec(authorization)?.[1] : undefined;
}

import { Injectable } from '@nestjs/common';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { IntakeConfig } from '../intake.config';
import { AuthenticatedAgency, ReplayClaim } from './authenticated-agency';
import { CredentialRepository, StoredCredential } from './credential.repository';
import { ReplayGuard } from './replay-guard';
import { isWithinClockSkew, signaturesEqual, signRequest, SignedRequestParts } from './request-signature';

/** The stable refusals of authentication (docs/intake-api.md lists them). */
export const AUTH_PROBLEMS = {
  missing: () =>
    new ProblemError(
      401,
      'AUTH_MISSING',
      'The request is not signed',
      'Yêu cầu chưa được ký xác thực',
      'Send x-lt-system-id, x-lt-timestamp, x-lt-nonce and x-lt-signature',
    ),
  badSignature: () =>
    new ProblemError(
      401,
      'AUTH_SIGNATURE_INVALID',
      'The signature does not match any active credential of this system',
      'Chữ ký xác thực không khớp với khóa nào đang hiệu lực của hệ thống',
    ),
  staleTimestamp: (skew: number) =>
    new ProblemError(
      401,
      'AUTH_TIMESTAMP_OUT_OF_WINDOW',
      'The request timestamp is too far from the hub clock',
      'Thời điểm ký yêu cầu lệch quá xa so với đồng hồ của trục',
      `The timestamp (unix seconds) must be within ${skew} s of the hub's clock`,
      { clockSkewSeconds: skew },
    ),
  badNonce: () =>
    new ProblemError(
      401,
      'AUTH_NONCE_INVALID',
      'The nonce is missing or malformed',
      'Mã dùng một lần (nonce) thiếu hoặc sai định dạng',
      'x-lt-nonce: 16-128 characters A-Z a-z 0-9 _ -',
    ),
  replayed: () =>
    new ProblemError(
      401,
      'AUTH_REPLAYED',
      'This signed request was already used',
      'Yêu cầu đã ký này đã được sử dụng trước đó',
    ),
};

/** Keys of a system, cached briefly so a burst of requests does not read the table every time. */
interface CachedKeys {
  keys: StoredCredential[];
  until: number;
}

/**
 * Checks a signed request: timestamp within the skew window, signature against every active secret of
 * the system (several during rotation), then the nonce not seen before. Order matters: a request with
 * a bad signature never consumes a nonce.
 */
@Injectable()
export class AgencyAuthenticator {
  private readonly cache = new Map<string, CachedKeys>();
  /** How long credentials are cached: a revocation takes effect within this time on every replica. */
  static readonly CACHE_MS = 5_000;

  constructor(
    private readonly credentials: CredentialRepository,
    private readonly replays: ReplayGuard,
    @InjectServiceConfig() private readonly config: IntakeConfig,
  ) {}

  async verify(
    systemId: string,
    signature: string,
    parts: SignedRequestParts,
    nowMs = Date.now(),
    /** What is remembered against replay: the nonce, or for the facade the signature. */
    replayKey = parts.nonce,
  ): Promise<AuthenticatedAgency> {
    const { replayClaim, ...agency } = await this.verifyDeferringReplay(
      systemId,
      signature,
      parts,
      nowMs,
      replayKey,
    );
    if (!(await this.replays.claim(replayClaim))) throw AUTH_PROBLEMS.replayed();
    return agency;
  }

  /**
   * Checks timestamp and signature like `verify`, but leaves the nonce to be claimed by the caller
   * (in the transaction of the command the request carries, saving a round trip and a pooled
   * connection per request). The caller must claim `replayClaim` before any effect.
   */
  async verifyDeferringReplay(
    systemId: string,
    signature: string,
    parts: SignedRequestParts,
    nowMs = Date.now(),
    replayKey = parts.nonce,
  ): Promise<AuthenticatedAgency & { replayClaim: ReplayClaim }> {
    const skew = this.config.AUTH_CLOCK_SKEW_SECONDS;
    if (!isWithinClockSkew(parts.timestamp, nowMs, skew)) throw AUTH_PROBLEMS.staleTimestamp(skew);
    const keys = await this.keysOf(systemId, nowMs);
    const match = keys.find((k) => signaturesEqual(signRequest(k.signingKey, parts), signature));
    if (!match) throw AUTH_PROBLEMS.badSignature();
    return {
      agencyCode: match.agencyCode,
      systemId,
      method: 'hmac',
      replayClaim: { systemId, nonce: replayKey, rememberSeconds: 2 * skew },
    };
  }

  /** Drops cached keys (after an operator changed them in this replica). */
  forget(systemId: string): void {
    this.cache.delete(systemId);
  }

  private async keysOf(systemId: string, nowMs: number): Promise<StoredCredential[]> {
    const cached = this.cache.get(systemId);
    const usable = (k: StoredCredential) => !k.expiresAt || k.expiresAt.getTime() > nowMs;
    if (cached && cached.until > nowMs) return cached.keys.filter(usable);
    const keys = await this.credentials.activeForSystem(systemId);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(systemId, { keys, until: nowMs + AgencyAuthenticator.CACHE_MS });
    return keys;
  }
}

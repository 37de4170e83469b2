import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { IntakeConfig } from '../intake.config';
import { AgencyAuthenticator, AUTH_PROBLEMS } from './agency-authenticator';
import { AuthenticatedAgency, header, IntakeRequest } from './authenticated-agency';
import { RateLimiter } from './rate-limiter';
import { bodyDigest, NONCE_PATTERN, SIGNATURE_HEADERS } from './request-signature';

/** The refusal of a caller over its rate. */
export function rateLimited(retryAfterSeconds: number): ProblemError {
  return new ProblemError(
    429,
    'RATE_LIMITED',
    'Too many requests from this agency',
    'Cơ quan gửi quá nhiều yêu cầu',
    `Retry after ${retryAfterSeconds} s`,
    { retryAfterSeconds },
  );
}

const CLAIM_NONCE_IN_COMMAND = 'lt:claim-nonce-in-command';

/**
 * On a route whose command runs through `IdempotentCommand` with the caller's `replayClaim`: the
 * guard checks the signature but leaves the nonce to the command's transaction (one round trip and
 * one pooled connection less per request). A request refused before the transaction (malformed
 * package, From ≠ caller) consumes no nonce: replaying it gets the same refusal and changes nothing.
 */
export const ClaimNonceInCommand = () => SetMetadata(CLAIM_NONCE_IN_COMMAND, true);

/** The agencies' rate limits, shared by the native API and the facade. */
@Injectable()
export class AgencyRateLimiter extends RateLimiter {
  constructor(@InjectServiceConfig() config: IntakeConfig) {
    super(config.RATE_LIMIT_PER_MINUTE, config.RATE_LIMIT_BURST);
  }

  /** Throws 429 RATE_LIMITED (with Retry-After) when the agency is over its rate. */
  check(agencyCode: string): void {
    const wait = this.take(agencyCode);
    if (wait > 0) throw rateLimited(wait);
  }
}

/**
 * Authenticates the native API's callers: a client-certificate identity forwarded by a trusted ingress
 * (when configured), else the HMAC request signature. Then applies the agency's rate limit.
 */
@Injectable()
export class AgencyAuthGuard implements CanActivate {
  constructor(
    private readonly authenticator: AgencyAuthenticator,
    private readonly limiter: AgencyRateLimiter,
    private readonly reflector: Reflector,
    @InjectServiceConfig() private readonly config: IntakeConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IntakeRequest>();
    const deferReplay = this.reflector.get<boolean>(CLAIM_NONCE_IN_COMMAND, context.getHandler()) === true;
    request.agency =
      (await this.fromCertificate(request)) ?? (await this.fromSignature(request, deferReplay));
    this.limiter.check(request.agency.agencyCode);
    return true;
  }

  private async fromCertificate(request: IntakeRequest): Promise<AuthenticatedAgency | undefined> {
    const name = this.config.CLIENT_CERT_AGENCY_HEADER;
    if (!name) return undefined;
    const code = header(request, name).trim();
    // Only the ingress may assert it: from anywhere else the header is ignored, not trusted.
    if (!code || !this.config.CLIENT_CERT_TRUSTED_PROXIES.includes(request.ip)) return undefined;
    return { agencyCode: code, method: 'client-certificate' };
  }

  private async fromSignature(request: IntakeRequest, deferReplay: boolean): Promise<AuthenticatedAgency> {
    const systemId = header(request, SIGNATURE_HEADERS.systemId);
    const signature = header(request, SIGNATURE_HEADERS.signature);
    const timestamp = header(request, SIGNATURE_HEADERS.timestamp);
    const nonce = header(request, SIGNATURE_HEADERS.nonce);
    if (!systemId || !signature || !timestamp) throw AUTH_PROBLEMS.missing();
    if (!NONCE_PATTERN.test(nonce)) throw AUTH_PROBLEMS.badNonce();
    const parts = {
      method: request.method,
      path: request.url,
      timestamp,
      nonce,
      bodySha256: request.bodySha256 ?? bodyDigest(undefined),
    };
    return deferReplay
      ? this.authenticator.verifyDeferringReplay(systemId, signature, parts)
      : this.authenticator.verify(systemId, signature, parts);
  }
}

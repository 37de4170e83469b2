import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AgencyAuthenticator, AUTH_PROBLEMS } from '../auth/agency-authenticator';
import { AgencyRateLimiter } from '../auth/agency-auth.guard';
import { header, IntakeRequest } from '../auth/authenticated-agency';
import { bodyDigest } from '../auth/request-signature';

/** The facade's credential headers, as agencies' existing software sends them. */
export const VXP_HEADERS = { systemId: 'systemid', timestamp: 'timestamp', signature: 'signature' } as const;

/**
 * Authenticates the facade's callers by the national axis' header scheme: `systemid`, `timestamp` and
 * `signature`, an HMAC-SHA256 with the same key and canonical request as the native API, whose
 * nonce line carries the system id. There is no nonce header in that scheme: the signature itself is
 * what is remembered, so an identical signed request is refused as a replay.
 */
@Injectable()
export class VxpAuthGuard implements CanActivate {
  constructor(
    private readonly authenticator: AgencyAuthenticator,
    private readonly limiter: AgencyRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IntakeRequest>();
    const systemId = header(request, VXP_HEADERS.systemId);
    const timestamp = header(request, VXP_HEADERS.timestamp);
    const signature = header(request, VXP_HEADERS.signature);
    if (!systemId || !timestamp || !signature) throw AUTH_PROBLEMS.missing();
    const agency = await this.authenticator.verify(
      systemId,
      signature,
      {
        method: request.method,
        path: request.url,
        timestamp,
        nonce: systemId,
        bodySha256: request.bodySha256 ?? bodyDigest(undefined),
      },
      Date.now(),
      `vxp:${signature.toLowerCase()}`,
    );
    request.agency = agency;
    this.limiter.check(agency.agencyCode);
    return true;
  }
}

import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** Who is calling: the agency the request was authenticated as, and how. */
export interface AuthenticatedAgency {
  agencyCode: string;
  /** The credential's system id; absent for certificate identity. */
  systemId?: string;
  method: 'hmac' | 'client-certificate';
  /**
   * Set when the route records the nonce in its command's own transaction (`@ClaimNonceInCommand`)
   * instead of in the guard: the command must claim it first, and refuse AUTH_REPLAYED if taken.
   */
  replayClaim?: ReplayClaim;
}

/** A signed request's nonce, still to be remembered against replay. */
export interface ReplayClaim {
  systemId: string;
  nonce: string;
  rememberSeconds: number;
}

/** The request as intake's guards see it (Fastify request with what the guards attach). */
export interface IntakeRequest {
  method: string;
  url: string;
  ip: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  /** SHA-256 hex of the body as received, hashed while it streamed in (absent: no body). */
  bodySha256?: string;
  agency?: AuthenticatedAgency;
}

/** Injects the authenticated caller into a handler (the guard has set it). */
export const CallerAgency = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const request = ctx.switchToHttp().getRequest<IntakeRequest>();
  if (!request.agency) throw new Error('CallerAgency used on a route without AgencyAuthGuard');
  return request.agency;
});

/** A header's single value ('' when missing). */
export function header(request: IntakeRequest, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

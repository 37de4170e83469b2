import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** Who is calling: the agency the request was authenticated as, and how. */
export interface AuthenticatedAgency {
  agencyCode: string;
  /** The credential's system id; absent for certificate identity. */
  systemId?: string;
  method: 'hmac' | 'client-certificate';
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

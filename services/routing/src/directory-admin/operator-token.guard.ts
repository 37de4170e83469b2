import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { RoutingConfig } from '../routing.config';

/** The operator a request was authenticated as: a short, non-secret prefix of the token's hash. */
export interface OperatorRequest {
  headers: Record<string, string | string[] | undefined>;
  operator?: string;
}

/**
 * The operator API's credentials: `Authorization: Bearer <token>` whose SHA-256 (hex) is listed in
 * OPERATOR_TOKEN_HASHES (the scheme intake and delivery use too). Only hashes are configured, so the
 * configuration holds no secret; tokens are compared in constant time. With no hashes configured
 * the API is closed to everyone. Missing token: 401; unknown token: 403.
 */
@Injectable()
export class OperatorTokenGuard implements CanActivate {
  private readonly hashes: Buffer[];

  constructor(@InjectServiceConfig() config: RoutingConfig) {
    this.hashes = operatorTokenHashes(config).map((h) => Buffer.from(h, 'hex'));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<OperatorRequest>();
    const raw = request.headers.authorization;
    const match = /^Bearer\s+(\S+)$/i.exec(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''));
    if (!match) {
      throw new ProblemError(
        401,
        'OPERATOR_AUTH_MISSING',
        'Operator token required',
        'Cần mã truy cập của quản trị viên',
      );
    }
    const digest = createHash('sha256').update(match[1], 'utf8').digest();
    const known = this.hashes.find((h) => h.length === digest.length && timingSafeEqual(h, digest));
    if (!known) {
      throw new ProblemError(
        403,
        'OPERATOR_TOKEN_INVALID',
        'Unknown operator token',
        'Mã truy cập quản trị không hợp lệ',
      );
    }
    // Attribution without the secret: events name the operator by the first 12 hex of its hash.
    request.operator = `operator:${known.toString('hex').slice(0, 12)}`;
    return true;
  }
}

/** The configured hashes, lower-cased. */
export function operatorTokenHashes(config: Pick<RoutingConfig, 'OPERATOR_TOKEN_HASHES'>): string[] {
  return config.OPERATOR_TOKEN_HASHES.split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h.length > 0);
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { IntakeConfig } from '../intake.config';
import { header, IntakeRequest } from '../auth/authenticated-agency';

/**
 * Operator endpoints: `Authorization: Bearer <token>` whose SHA-256 (hex) is listed in
 * OPERATOR_TOKEN_HASHES — the scheme routing and delivery use. With no hashes configured the
 * endpoints are closed to everyone.
 */
@Injectable()
export class OperatorTokenGuard implements CanActivate {
  private readonly hashes: Buffer[];

  constructor(@InjectServiceConfig() config: IntakeConfig) {
    this.hashes = config.OPERATOR_TOKEN_HASHES.map((h) => Buffer.from(h, 'hex'));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<IntakeRequest>();
    const match = /^Bearer\s+(\S+)$/i.exec(header(request, 'authorization'));
    if (!match) {
      throw new ProblemError(
        401,
        'OPERATOR_AUTH_MISSING',
        'Operator token required',
        'Cần mã truy cập của quản trị viên',
      );
    }
    const digest = createHash('sha256').update(match[1], 'utf8').digest();
    if (!this.hashes.some((h) => h.length === digest.length && timingSafeEqual(h, digest))) {
      throw new ProblemError(
        403,
        'OPERATOR_TOKEN_INVALID',
        'Unknown operator token',
        'Mã truy cập quản trị không hợp lệ',
      );
    }
    return true;
  }
}

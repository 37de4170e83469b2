import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { DeliveryConfig } from '../delivery.config';
import { authenticateOperator, parseTokenHashes } from './operator-token';

/**
 * Operator endpoints need `Authorization: Bearer <token>` whose SHA-256 is in OPERATOR_TOKEN_HASHES
 * (same scheme as routing's operator API). Sets `request.operator` to a non-secret token id for the
 * audit trail (`requestedBy`).
 */
@Injectable()
export class OperatorAuthGuard implements CanActivate {
  private readonly hashes: Buffer[];

  constructor(@InjectServiceConfig() config: DeliveryConfig) {
    this.hashes = parseTokenHashes(config.OPERATOR_TOKEN_HASHES);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; operator?: string }>();
    const operator = authenticateOperator(request.headers.authorization, this.hashes);
    if (!operator) {
      throw new ProblemError(
        401,
        'OPERATOR_UNAUTHENTICATED',
        'A valid operator bearer token is required',
        'Cần mã xác thực hợp lệ của người vận hành',
      );
    }
    request.operator = operator;
    return true;
  }
}

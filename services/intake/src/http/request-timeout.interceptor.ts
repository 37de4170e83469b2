import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, throwError, TimeoutError } from 'rxjs';
import { catchError, timeout } from 'rxjs/operators';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { IntakeConfig } from '../intake.config';

/**
 * Answers 503 REQUEST_TIMEOUT when a request runs past REQUEST_TIMEOUT_MS. The work already started
 * may still commit: a client retrying with the same Idempotency-Key then gets that answer, not a copy.
 */
@Injectable()
export class RequestTimeoutInterceptor implements NestInterceptor {
  constructor(@InjectServiceConfig() private readonly config: IntakeConfig) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      timeout(this.config.REQUEST_TIMEOUT_MS),
      catchError((error) =>
        throwError(() =>
          error instanceof TimeoutError
            ? new ProblemError(
                503,
                'REQUEST_TIMEOUT',
                'The request took too long',
                'Yêu cầu xử lý quá thời gian',
                `Limit ${this.config.REQUEST_TIMEOUT_MS} ms; retry with the same Idempotency-Key`,
                { retryAfterSeconds: 1 },
              )
            : error,
        ),
      ),
    );
  }
}

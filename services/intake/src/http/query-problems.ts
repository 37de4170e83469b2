import { QueryError } from '@lt/messaging';
import { ProblemError } from '@lt/runtime';

/**
 * Turns a failed query to delivery or routing into the agency's answer: the owner's NOT_FOUND stays a
 * 404 with its code, an unanswered query is 503 and an unexpected failure 502 (try again), a bad
 * request 400, other coded refusals 409.
 */
export function queryProblem(error: unknown): never {
  if (!(error instanceof QueryError)) throw error;
  if (error.code === 'QUERY_UNAVAILABLE') {
    throw new ProblemError(
      503,
      'UPSTREAM_UNAVAILABLE',
      'A hub service did not answer in time',
      'Một dịch vụ của trục chưa phản hồi kịp',
      undefined,
      { retryAfterSeconds: 5 },
    );
  }
  if (error.code === 'QUERY_FAILED') {
    // The owner failed unexpectedly (not a refusal): the agency may retry later.
    throw new ProblemError(
      502,
      'UPSTREAM_FAILED',
      'A hub service failed to answer',
      'Một dịch vụ của trục gặp lỗi khi xử lý',
      undefined,
      { retryAfterSeconds: 5 },
    );
  }
  if (/NOT_FOUND$/.test(error.code)) {
    throw new ProblemError(404, error.code, 'Not found', 'Không tìm thấy', error.message);
  }
  if (/INVALID|BAD_REQUEST/.test(error.code)) {
    throw new ProblemError(400, error.code, 'The request was refused', 'Yêu cầu bị từ chối', error.message);
  }
  throw new ProblemError(409, error.code, 'The request was refused', 'Yêu cầu bị từ chối', error.message);
}

import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toProblem } from '@lt/runtime';

/** The national axis' answer shape, which agencies' existing software parses. */
export interface VxpAnswer<T = unknown> {
  status: 'OK' | 'FAIL';
  ErrorCode: number;
  ErrorDesc: string;
  data: T | null;
}

/** The axis' error codes (domain.md section 5). */
export const VXP_ERROR = {
  invalidFile: 10,
  badCredentials: 15,
  recipientNotFound: 18,
  senderNotRegistered: 19,
  systemError: 20,
  fileProcessing: 21,
  edxmlFormat: 22,
  recipientLocked: 23,
} as const;

export function ok<T>(data: T, desc = ''): VxpAnswer<T> {
  return { status: 'OK', ErrorCode: 0, ErrorDesc: desc, data };
}

/** The facade's error code for one of the native API's problem codes. */
export function vxpErrorCode(problemCode: string, status: number): number {
  if (problemCode.startsWith('AUTH_')) return VXP_ERROR.badCredentials;
  if (problemCode === 'FROM_NOT_CALLER') return VXP_ERROR.senderNotRegistered;
  if (problemCode === 'AGENCY_NOT_FOUND') return VXP_ERROR.recipientNotFound;
  if (problemCode.startsWith('EDXML_')) return VXP_ERROR.edxmlFormat;
  if (
    ['EMPTY_BODY', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'HASH_FILE_MISMATCH'].includes(problemCode)
  ) {
    return VXP_ERROR.invalidFile;
  }
  if (status >= 500 || problemCode === 'RATE_LIMITED') return VXP_ERROR.systemError;
  return VXP_ERROR.fileProcessing;
}

/**
 * Answers the facade's errors in the axis' shape: HTTP 200 with status FAIL, ErrorCode and a
 * bilingual ErrorDesc (existing clients read the body, not the status), except 429, which keeps its
 * status and Retry-After so that clients back off. The native problem code is kept in `data.code`.
 */
@Catch()
export class VxpAnswerFilter implements ExceptionFilter {
  private readonly logger = new Logger('VxpFacade');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const problem = toProblem(exception, request?.url);
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception : String(exception));
    const answer: VxpAnswer<{ code: string; errors?: unknown }> = {
      status: 'FAIL',
      ErrorCode: vxpErrorCode(problem.code, problem.status),
      ErrorDesc: `${problem.titleVi} / ${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`,
      data: { code: problem.code, errors: problem.errors },
    };
    const retryAfter = problem.retryAfterSeconds;
    if (typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter));
    reply
      .status(problem.status === 429 ? 429 : 200)
      .header('Content-Type', 'application/json; charset=utf-8')
      .send(answer);
  }
}

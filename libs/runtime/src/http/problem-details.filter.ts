import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HTTP_PROBLEMS, ProblemError } from './problem-error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemBody {
  type: string;
  title: string;
  titleVi: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  traceId?: string;
  [extension: string]: unknown;
}

/** Builds the problem body for any error: ours, Nest's HTTP exceptions, Fastify's, or unknown. */
export function toProblem(error: unknown, instance?: string): ProblemBody {
  const traceId = trace.getSpanContext(context.active())?.traceId;
  if (error instanceof ProblemError) {
    return {
      type: `urn:lienthong:problem:${error.code}`,
      title: error.title,
      titleVi: error.titleVi,
      status: error.status,
      code: error.code,
      detail: error.detail,
      instance,
      traceId,
      ...error.extensions,
    };
  }
  let status = 500;
  let detail: string | undefined;
  if (error instanceof HttpException) {
    status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'object' ? (response as { message?: unknown }).message : response;
    detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined;
  } else if (typeof (error as { statusCode?: unknown })?.statusCode === 'number') {
    // Fastify's own errors (body too large, bad media type) carry statusCode and a FST_ code.
    status = (error as { statusCode: number }).statusCode;
    detail = (error as Error).message;
  }
  const known = HTTP_PROBLEMS[status] ?? HTTP_PROBLEMS[status >= 500 ? 500 : 400];
  return {
    type: `urn:lienthong:problem:${known.code}`,
    title: known.title,
    titleVi: known.titleVi,
    status,
    code: known.code,
    detail: status >= 500 ? undefined : detail,
    instance,
    traceId,
  };
}

/** Every HTTP error leaves as RFC 9457 `application/problem+json` with a stable `code`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = toProblem(exception, request?.url);
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception : String(exception));
    const retryAfter = (exception as ProblemError)?.extensions?.retryAfterSeconds;
    if (typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter));
    reply.status(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}

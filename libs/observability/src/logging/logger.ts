import { LoggerService } from '@nestjs/common';
import { trace, context } from '@opentelemetry/api';
import pino, { Logger } from 'pino';

/**
 * Structured JSON logs on stdout, one object per line, each carrying the active trace and span ids so a
 * log line can be found from a trace and the other way round.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Never log credentials, even if a caller passes a whole request or config object.
    redact: {
      paths: [
        '*.authorization',
        '*.secret',
        '*.password',
        '*.headers.authorization',
        '*.headers["x-lt-signature"]',
      ],
      censor: '[redacted]',
    },
    mixin() {
      const span = trace.getSpanContext(context.active());
      return span && trace.isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
    },
  });
}

/** Adapts pino to Nest's LoggerService, so framework logs are structured too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]) {
    // Nest passes the context name last; an error's stack comes before it.
    const contextName =
      typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message instanceof Error) {
      this.logger[level]({ context: contextName, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ context: contextName, ...(message as object) });
    } else {
      const stack = level === 'error' && rest.length > 1 ? { stack: rest[0] } : {};
      this.logger[level]({ context: contextName, ...stack }, String(message));
    }
  }
}

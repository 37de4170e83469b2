import { NatsConnection } from '@nats-io/transport-node';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { Subjects } from '@lt/contracts';
import { injectTraceContext } from '../tracing/trace-headers';
import { QueryReply } from './query-responder';

/** A query answered with an error by the service that owns the data. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Asks another service a question over NATS request-reply (`@MessagePattern(name)` on its side).
 * Throws QueryError with the answering side's code, or `QUERY_UNAVAILABLE` when nobody answers.
 */
export class QueryClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
  ) {}

  async request<T>(name: string, payload: unknown, timeoutMs = 5_000): Promise<T> {
    const hdrs = natsHeaders();
    injectTraceContext(hdrs);
    let raw;
    try {
      raw = await this.nc.request(this.subjects.query(name), JSON.stringify(payload ?? {}), {
        timeout: timeoutMs,
        headers: hdrs,
      });
    } catch (error) {
      throw new QueryError('QUERY_UNAVAILABLE', `query ${name} got no answer: ${(error as Error).message}`);
    }
    const reply = JSON.parse(Buffer.from(raw.data).toString('utf8')) as QueryReply<T>;
    if (!reply.ok) throw new QueryError(reply.error.code, reply.error.message);
    return reply.data;
  }
}

import { MessageHandler } from '@nestjs/microservices';
import { Msg } from '@nats-io/transport-node';
import { Observable, lastValueFrom } from 'rxjs';
import { describeError } from '../consuming/handling-errors';

/** The reply of a query: data, or an error with a stable code. */
export type QueryReply<T = unknown> =
  { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** Runs a `@MessagePattern` handler for one request and replies with a QueryReply. */
export async function handleQuery(
  msg: Msg,
  handler: MessageHandler,
  toObservable: (result: unknown) => Observable<unknown>,
): Promise<void> {
  let reply: QueryReply;
  try {
    const request = msg.data.length ? JSON.parse(Buffer.from(msg.data).toString('utf8')) : {};
    const result = await handler(request);
    reply = { ok: true, data: await lastValueFrom(toObservable(result), { defaultValue: null }) };
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    reply = {
      ok: false,
      error: { code: typeof code === 'string' ? code : 'QUERY_FAILED', message: describeError(error) },
    };
  }
  if (msg.reply) msg.respond(JSON.stringify(reply));
}

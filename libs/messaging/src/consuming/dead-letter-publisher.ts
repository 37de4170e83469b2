import { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { MessagingOptions, deadLetterStreamName } from '../messaging-options';
import { messagingMetrics } from '../messaging-metrics';
import { describeError } from './handling-errors';

export const DEAD_LETTER_HEADERS = {
  error: 'Lt-Dlq-Error',
  consumer: 'Lt-Dlq-Consumer',
  originalSubject: 'Lt-Dlq-Original-Subject',
  originalSequence: 'Lt-Dlq-Original-Sequence',
  deliveryCount: 'Lt-Dlq-Delivery-Count',
  failedAt: 'Lt-Dlq-Failed-At',
} as const;

/**
 * Copies a message that cannot be handled into the dead-letter stream, with the original bytes, the
 * original headers and what went wrong, so operators can inspect and replay it.
 */
export class DeadLetterPublisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly options: MessagingOptions,
  ) {}

  async publish(msg: JsMsg, consumer: string, type: string, error: unknown): Promise<void> {
    const hdrs = natsHeaders();
    if (msg.headers) {
      for (const key of msg.headers.keys()) {
        if (key === 'Nats-Msg-Id') continue;
        for (const value of msg.headers.values(key)) hdrs.append(key, value);
      }
    }
    hdrs.set(
      DEAD_LETTER_HEADERS.error,
      describeError(error)
        .replace(/[\r\n]+/g, ' ')
        .slice(0, 1000),
    );
    hdrs.set(DEAD_LETTER_HEADERS.consumer, consumer);
    hdrs.set(DEAD_LETTER_HEADERS.originalSubject, msg.subject);
    hdrs.set(DEAD_LETTER_HEADERS.originalSequence, String(msg.seq));
    hdrs.set(DEAD_LETTER_HEADERS.deliveryCount, String(msg.info.deliveryCount));
    hdrs.set(DEAD_LETTER_HEADERS.failedAt, new Date().toISOString());
    await this.js.publish(this.options.subjects.deadLetter(consumer, type), msg.data, {
      headers: hdrs,
      // One dead letter per consumer and stream position, however often this runs.
      msgID: `dlq:${consumer}:${msg.seq}`,
      expect: { streamName: deadLetterStreamName(this.options) },
    });
    messagingMetrics.deadLettered.inc({ consumer, type });
  }
}

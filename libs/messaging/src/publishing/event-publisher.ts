import { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { EventEnvelope, laneOf } from '@lt/contracts';
import { MessagingOptions } from '../messaging-options';
import { currentTraceparent, injectTraceContext } from '../tracing/trace-headers';
import { messagingMetrics } from '../messaging-metrics';

export const EVENT_TYPE_HEADER = 'Lt-Event-Type';
export const SCHEMA_VERSION_HEADER = 'Lt-Schema-Version';

export interface PublishResult {
  eventId: string;
  streamSequence: number;
  /** True when JetStream already had this event id (a re-run handler): nothing new was stored. */
  duplicate: boolean;
}

const tracer = trace.getTracer('lt-messaging');

/**
 * Publishes domain events to the event stream. Sets `Nats-Msg-Id` to the event id so that a
 * second publish of the same event inside the duplicate window is dropped by the server, and carries
 * the trace context in the headers and in the envelope.
 */
export class EventPublisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly options: MessagingOptions,
  ) {}

  /** Publishes one event and resolves once the stream has stored it (or recognised it as a duplicate). */
  async publish(event: EventEnvelope): Promise<PublishResult> {
    const subject = this.options.subjects.event(event.type, event.aggregate.id, laneOf(event));
    return tracer.startActiveSpan(`${event.type} publish`, { kind: SpanKind.PRODUCER }, async (span) => {
      try {
        const hdrs = natsHeaders();
        hdrs.set(EVENT_TYPE_HEADER, event.type);
        hdrs.set(SCHEMA_VERSION_HEADER, String(event.schemaVersion));
        injectTraceContext(hdrs, context.active());
        const envelope: EventEnvelope = event.traceparent
          ? event
          : { ...event, traceparent: currentTraceparent() };
        if (envelope.traceparent && !hdrs.has('traceparent')) hdrs.set('traceparent', envelope.traceparent);
        const ack: PubAck = await this.js.publish(subject, JSON.stringify(envelope), {
          msgID: event.id,
          headers: hdrs,
          expect: { streamName: this.options.streamName },
        });
        messagingMetrics.published.inc({ type: event.type, duplicate: String(ack.duplicate) });
        return { eventId: event.id, streamSequence: ack.seq, duplicate: ack.duplicate };
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  /**
   * Publishes several events with at most `window` in flight, preserving nothing about their relative
   * order in the stream: use it only for events that do not depend on each other's order.
   */
  async publishAll(events: EventEnvelope[], window = 256): Promise<PublishResult[]> {
    const results: PublishResult[] = new Array(events.length);
    let next = 0;
    const worker = async () => {
      while (next < events.length) {
        const i = next++;
        results[i] = await this.publish(events[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, events.length) }, worker));
    return results;
  }
}

import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import {
  AckPolicy,
  ConsumerMessages,
  DeliverPolicy,
  JetStreamApiError,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import { NatsConnection, Subscription, nanos, headers as natsHeaders } from '@nats-io/transport-node';
import { context, trace, Span, SpanKind, SpanStatusCode, INVALID_SPAN_CONTEXT } from '@opentelemetry/api';
import { lastValueFrom } from 'rxjs';
import { EventEnvelope, parseEnvelope, UpcasterRegistry } from '@lt/contracts';
import { MessagingOptions } from '../messaging-options';
import { provisionStreams } from '../streams/provision-streams';
import { extractTraceContext } from '../tracing/trace-headers';
import { messagingMetrics } from '../messaging-metrics';
import { ALL_EVENTS, EventHandlerOptions, durableName, parsePattern } from './event-handler-options';
import { DEFAULT_BACKOFF, backoffDelayMs, describeError, isPoison, BackoffPolicy } from './handling-errors';
import { JetStreamEventContext } from './jetstream-event.context';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { handleQuery } from '../querying/query-responder';

const tracer = trace.getTracer('lt-messaging');

interface BoundConsumer {
  durable: string;
  messages: ConsumerMessages;
  loop: Promise<void>;
}

/**
 * Our JetStream transport for `@nestjs/microservices` (Nest's own NATS transport is core NATS only).
 *
 * - each `@EventPattern(type)` is bound to a durable pull consumer filtered on that event type
 *   (one filter subject per consumer, so it works on nats-server 2.9);
 * - a message is acked only after its handler resolved; a failure is nak'ed with exponential backoff;
 *   a poison message (invalid envelope, PoisonMessageError) or one out of deliveries goes to the
 *   dead-letter stream with its error and original headers, then is terminated;
 * - the handler runs inside the trace context carried in the message headers;
 * - each `@MessagePattern(name)` answers request-reply queries on `{prefix}.qry.{name}`, in a queue
 *   group shared by the service's replicas;
 * - `close()` stops pulling and waits for in-flight handlers, so nothing is half-handled at shutdown.
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  private readonly consumers: BoundConsumer[] = [];
  private readonly querySubscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly deadLetters: DeadLetterPublisher;
  private bound = false;
  private closing = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: MessagingOptions,
    private readonly upcasters: UpcasterRegistry = new UpcasterRegistry(),
  ) {
    super();
    this.deadLetters = new DeadLetterPublisher(jetstream(nc), options);
  }

  /** True once every handler has its consumer or subscription; the readiness probe reads it. */
  isBound(): boolean {
    return this.bound && !this.closing && !this.nc.isClosed();
  }

  /** Names of the durable consumers this process pulls from. */
  boundConsumers(): string[] {
    return this.consumers.map((c) => c.durable);
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const jsm = await jetstreamManager(this.nc);
      await provisionStreams(jsm, this.options);
      const js = jetstream(this.nc);
      for (const [pattern, handler] of this.messageHandlers) {
        if (handler.isEventHandler) await this.bindEventHandler(jsm, js, pattern, handler);
        else this.bindQueryHandler(pattern, handler);
      }
      this.bound = true;
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    // The connection may already be gone (a crash, a NATS outage): closing must still complete, or the
    // rest of the application's shutdown would be skipped.
    for (const sub of this.querySubscriptions) ignoreErrors(() => sub.unsubscribe());
    for (const consumer of this.consumers) ignoreErrors(() => consumer.messages.stop());
    // Bounded: after a connection loss a pull iterator may never end, and shutdown must still finish.
    await settleWithin(
      this.consumers.map((c) => c.loop),
      5_000,
    );
    await settleWithin([...this.inFlight], 30_000);
    this.consumers.length = 0;
    this.bound = false;
  }

  on(): void {
    // No transport-level events to subscribe to.
  }

  unwrap<T>(): T {
    return this.nc as T;
  }

  private async bindEventHandler(
    jsm: JetStreamManager,
    js: JetStreamClient,
    pattern: string,
    handler: MessageHandler,
  ): Promise<void> {
    const opts: EventHandlerOptions = (handler.extras as EventHandlerOptions) ?? {};
    const durable = durableName(this.options.serviceName, pattern, opts.durable);
    const { type, lane } = parsePattern(pattern);
    const concurrency = Math.max(1, opts.concurrency ?? 16);
    const maxDeliver = Math.max(1, opts.maxDeliver ?? 5);
    const backoff: BackoffPolicy = { ...DEFAULT_BACKOFF, ...opts.backoff };
    const filter =
      pattern === ALL_EVENTS
        ? this.options.subjects.allEvents()
        : lane
          ? this.options.subjects.eventsOfTypeInLane(type, lane)
          : this.options.subjects.eventsOfType(type);
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filter,
      ack_wait: nanos(opts.ackWaitMs ?? this.options.ackWaitMs ?? 30_000),
      // One delivery more than we use: if the last attempt dies with its process, the server still
      // redelivers once, and that delivery goes to the dead-letter stream instead of vanishing.
      max_deliver: maxDeliver + 1,
      max_ack_pending: Math.max(1024, concurrency * 8),
    };
    try {
      await jsm.consumers.info(this.options.streamName, durable);
      await jsm.consumers.update(this.options.streamName, durable, {
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
      });
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.status === 404)) throw error;
      await jsm.consumers.add(this.options.streamName, config);
    }
    const consumer = await js.consumers.get(this.options.streamName, durable);
    const handle = (msg: JsMsg) => this.handleMessage(msg, handler, durable, maxDeliver, backoff);
    const bound: BoundConsumer = {
      durable,
      messages: await consumer.consume({ max_messages: pullBatch(concurrency) }),
      loop: Promise.resolve(),
    };
    bound.loop = (async () => {
      // A pull iterator can end on its own (consumer recreated, a server restart, missed heartbeats):
      // pull again rather than silently stop consuming.
      for (;;) {
        await this.pump(bound.messages, concurrency, handle).catch((error) =>
          this.logger.error(`consumer ${durable} failed: ${describeError(error)}`),
        );
        if (this.closing) return;
        this.logger.warn(`consumer ${durable} stopped pulling; pulling again`);
        await new Promise((r) => setTimeout(r, 1_000));
        if (this.closing) return;
        try {
          bound.messages = await consumer.consume({ max_messages: pullBatch(concurrency) });
        } catch (error) {
          this.logger.error(`consumer ${durable} could not pull again: ${describeError(error)}`);
        }
      }
    })();
    this.consumers.push(bound);
  }

  /** Feeds messages to the handler with at most `concurrency` in flight. */
  private async pump(messages: ConsumerMessages, concurrency: number, handle: (msg: JsMsg) => Promise<void>) {
    const running = new Set<Promise<void>>();
    for await (const msg of messages) {
      const task: Promise<void> = handle(msg).finally(() => {
        running.delete(task);
        this.inFlight.delete(task);
      });
      running.add(task);
      this.inFlight.add(task);
      if (running.size >= concurrency) await Promise.race(running);
    }
    await Promise.allSettled([...running]);
  }

  private async handleMessage(
    msg: JsMsg,
    handler: MessageHandler,
    durable: string,
    maxDeliver: number,
    backoff: BackoffPolicy,
  ): Promise<void> {
    let event: EventEnvelope;
    try {
      event = this.upcasters.upcast(parseEnvelope(msg.data));
    } catch (error) {
      await this.deadLetter(msg, durable, msg.headers?.get('Lt-Event-Type') || 'unknown', error);
      return;
    }
    const started = performance.now();
    const parent = extractTraceContext(msg.headers);
    const run = async (span: Span): Promise<void> => {
      try {
        const result = await handler(event, new JetStreamEventContext(msg, durable));
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        msg.ack();
        ackedCounter(durable, event.type).inc();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: describeError(error) });
        if (isPoison(error) || msg.info.deliveryCount >= maxDeliver) {
          await this.deadLetter(msg, durable, event.type, error);
        } else {
          const delay = backoffDelayMs(msg.info.deliveryCount, backoff);
          this.logger.warn?.(
            `event ${event.id} (${event.type}) failed on delivery ${msg.info.deliveryCount}, retry in ${delay} ms: ${describeError(error)}`,
          );
          msg.nak(delay);
          messagingMetrics.handled.inc({ consumer: durable, type: event.type, outcome: 'nak' });
        }
      } finally {
        handlerTimer(durable, event.type).observe((performance.now() - started) / 1000);
        span.end();
      }
    };
    if (!spansExported()) {
      // Tracing kept in-process only: run in the publisher's trace context (trace ids still flow to
      // logs and follow-up events) without building a consumer span per message.
      const carried = trace.getSpanContext(parent) ?? INVALID_SPAN_CONTEXT;
      await context.with(parent, () => run(trace.wrapSpanContext(carried)));
      return;
    }
    await tracer.startActiveSpan(
      `${event.type} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.destination.name': msg.subject,
          'messaging.consumer.group.name': durable,
          'messaging.message.id': event.id,
          'lt.document_id': event.correlationId,
          'lt.delivery_count': msg.info.deliveryCount,
        },
      },
      parent,
      run,
    );
  }

  private async deadLetter(msg: JsMsg, durable: string, type: string, error: unknown): Promise<void> {
    try {
      await this.deadLetters.publish(msg, durable, type, error);
      msg.term(describeError(error).slice(0, 200));
      messagingMetrics.handled.inc({ consumer: durable, type, outcome: 'dead-letter' });
      this.logger.error(
        `event on ${msg.subject} (stream seq ${msg.seq}) dead-lettered by ${durable}: ${describeError(error)}`,
      );
    } catch (publishError) {
      // Keep the message: it is redelivered and we try the dead-letter stream again.
      this.logger.error(
        `dead-letter publish failed for stream seq ${msg.seq}: ${describeError(publishError)}`,
      );
      msg.nak(5_000);
    }
  }

  private bindQueryHandler(pattern: string, handler: MessageHandler): void {
    const subject = this.options.subjects.query(pattern);
    const sub = this.nc.subscribe(subject, {
      queue: this.options.serviceName,
      callback: (err, msg) => {
        if (err) {
          this.logger.error(`query subscription ${subject} failed: ${describeError(err)}`);
          return;
        }
        const task = handleQuery(msg, handler, (r) => this.transformToObservable(r)).finally(() =>
          this.inFlight.delete(task),
        );
        this.inFlight.add(task);
      },
    });
    this.querySubscriptions.push(sub);
  }
}

async function settleWithin(promises: Array<Promise<unknown>>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(promises),
    new Promise((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}

/** Consumer spans are built only when spans leave the process (an OTLP endpoint is configured). */
function spansExported(): boolean {
  return !!process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
}

/** Messages buffered per pull: enough that the handlers never wait for the next pull. */
function pullBatch(concurrency: number): number {
  return Math.max(256, concurrency * 4);
}

// The hot path's metric children, looked up once per (consumer, type) instead of per message.
const ackedCounters = new Map<string, { inc(): void }>();
function ackedCounter(consumer: string, type: string): { inc(): void } {
  const key = `${consumer}\u0000${type}`;
  let child = ackedCounters.get(key);
  if (!child) {
    child = messagingMetrics.handled.labels({ consumer, type, outcome: 'ack' });
    ackedCounters.set(key, child);
  }
  return child;
}

const handlerTimers = new Map<string, { observe(seconds: number): void }>();
function handlerTimer(consumer: string, type: string): { observe(seconds: number): void } {
  const key = `${consumer}\u0000${type}`;
  let child = handlerTimers.get(key);
  if (!child) {
    child = messagingMetrics.handlerSeconds.labels({ consumer, type });
    handlerTimers.set(key, child);
  }
  return child;
}

function ignoreErrors(action: () => unknown): void {
  try {
    action();
  } catch {
    // best effort during shutdown
  }
}

/** Headers factory re-exported for tests and tools that build raw messages. */
export const createHeaders = natsHeaders;
// The context API is used by services that run work outside a handler but inside a trace.
export { context as traceContextApi };

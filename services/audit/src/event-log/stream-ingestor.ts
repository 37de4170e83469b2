import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  JsMsg,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import { NatsConnection, nanos } from '@nats-io/transport-node';
import { EventEnvelope, parseEnvelope } from '@lt/contracts';
import { DeadLetterPublisher, MessagingOptions, provisionStreams } from '@lt/messaging';
import { EventLogAppender, StreamedEvent } from './event-log.appender';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface IngestLogger {
  warn(message: string): void;
  error(message: string): void;
}

/** Reads an envelope for the log; throws for bytes that are not an event (they go to dead letters). */
export function readEvent(msg: { data: Uint8Array }): EventEnvelope {
  const event = parseEnvelope(msg.data);
  if (!UUID.test(event.id)) throw new Error(`event id "${event.id}" is not a UUID`);
  return event;
}

/** Options of the ingest loop. */
export interface StreamIngestorOptions {
  /** Most events fetched and appended per transaction. */
  batchSize: number;
  /** Durable consumer name. */
  durable: string;
  /** Called after each committed append (the live projection is woken by it). */
  onAppended?: () => void;
}

/**
 * Copies the event stream into the audit log, in stream order, a batch per transaction.
 *
 * It uses its own durable pull consumer rather than an `@EventPattern` handler: the transport acks one
 * message per handler call, and one transaction per event caps ingest far below 10,000 events/s. Here a
 * batch is fetched, appended in one transaction, then acked; the next batch is fetched while the
 * current one is appended (`max_ack_pending` is two batches). After a failure both batches in hand are
 * nak'ed in stream order, and JetStream redelivers nak'ed messages before any new one, in the order
 * they were nak'ed: stream order holds across retries.
 */
export class StreamIngestor {
  private stopped = false;
  private running?: Promise<void>;
  private readonly deadLetters: DeadLetterPublisher;
  /** Last stream sequence appended or skipped; readiness and tests read it. */
  lastSequence = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly messaging: MessagingOptions,
    private readonly appender: EventLogAppender,
    private readonly options: StreamIngestorOptions,
    private readonly logger: IngestLogger,
  ) {
    this.deadLetters = new DeadLetterPublisher(jetstream(nc), messaging);
  }

  /** Creates (or updates) the durable consumer and starts the ingest loop. */
  async start(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    await provisionStreams(jsm, this.messaging);
    const settings = {
      ack_wait: nanos(60_000),
      // The batch being appended and the one prefetched meanwhile.
      max_ack_pending: 2 * this.options.batchSize,
      max_deliver: -1,
    };
    try {
      await jsm.consumers.info(this.messaging.streamName, this.options.durable);
      await jsm.consumers.update(this.messaging.streamName, this.options.durable, settings);
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.status === 404)) throw error;
      await jsm.consumers.add(this.messaging.streamName, {
        ...settings,
        durable_name: this.options.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: this.messaging.subjects.allEvents(),
      });
    }
    this.running = this.loop();
  }

  /** Stops fetching and waits for the batch in hand to be appended and acked. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    const js = jetstream(this.nc);
    const consumer = await js.consumers.get(this.messaging.streamName, this.options.durable);
    const fetchBatch = async (): Promise<JsMsg[]> => {
      const msgs: JsMsg[] = [];
      const fetched = await consumer.fetch({ max_messages: this.options.batchSize, expires: 1_000 });
      for await (const m of fetched) msgs.push(m);
      return msgs.sort((a, b) => a.seq - b.seq);
    };
    const settle = (p: Promise<JsMsg[]>) => p.catch(() => [] as JsMsg[]);
    let next = settle(fetchBatch());
    let failures = 0;
    while (!this.stopped && !this.nc.isClosed()) {
      const msgs = await next;
      if (this.stopped || this.nc.isClosed()) {
        for (const m of msgs) m.nak();
        return;
      }
      // Prefetch: the next batch travels while this one is appended.
      next = settle(fetchBatch());
      if (msgs.length === 0) continue;
      try {
        await this.appendBatch(msgs);
        failures = 0;
      } catch (error) {
        failures += 1;
        // Nak in stream order, this batch then the prefetched one: they come back first, in that order.
        for (const m of msgs) m.nak();
        for (const m of await next) m.nak();
        if (this.stopped || this.nc.isClosed()) return;
        const delay = Math.min(30_000, 200 * 2 ** Math.min(failures, 8));
        this.logger.error(
          `audit ingest failed (${failures}), retry in ${delay} ms: ${(error as Error).message}`,
        );
        await new Promise((r) => setTimeout(r, delay));
        next = settle(fetchBatch());
      }
    }
    for (const m of await next) m.nak();
  }

  /** Appends one fetched batch (bytes that are not an event go to dead letters), then acks it. */
  private async appendBatch(msgs: JsMsg[]): Promise<void> {
    const batch: StreamedEvent[] = [];
    const good: JsMsg[] = [];
    for (const m of msgs) {
      try {
        batch.push({ event: readEvent(m), streamSequence: m.seq });
        good.push(m);
      } catch (error) {
        await this.deadLetters.publish(
          m,
          this.options.durable,
          m.headers?.get('Lt-Event-Type') || 'unknown',
          error,
        );
        m.term();
      }
    }
    if (batch.length) {
      await this.appender.append(batch);
      this.options.onAppended?.();
    }
    for (const m of good) m.ack();
    this.lastSequence = msgs[msgs.length - 1].seq;
  }
}

export interface ReplayProgress {
  read: number;
  total: number;
  appended: number;
  duplicates: number;
  invalid: number;
}

/**
 * Disaster recovery: reads the whole stream, from its first message to the last one present when the
 * replay starts, through an ordered (ephemeral) consumer, and appends it to the log. Events already in
 * the log are skipped by id, so a replay into a log that is intact changes nothing.
 */
export async function replayStream(
  nc: NatsConnection,
  messaging: MessagingOptions,
  appender: EventLogAppender,
  batchSize: number,
  onProgress: (p: ReplayProgress) => void = () => undefined,
): Promise<ReplayProgress> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(messaging.streamName);
  const last = info.state.last_seq;
  const progress: ReplayProgress = {
    read: 0,
    total: info.state.messages,
    appended: 0,
    duplicates: 0,
    invalid: 0,
  };
  if (info.state.messages === 0) return progress;
  // Ordered consumer over the whole stream (it holds only event subjects).
  const consumer = await jetstream(nc).consumers.get(messaging.streamName);
  let batch: StreamedEvent[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const outcome = await appender.append(batch);
    progress.appended += outcome.appended;
    progress.duplicates += outcome.duplicates;
    batch = [];
    onProgress({ ...progress });
  };
  const messages = await consumer.consume({ max_messages: Math.max(batchSize, 256) });
  for await (const m of messages) {
    progress.read += 1;
    try {
      batch.push({ event: readEvent(m), streamSequence: m.seq });
    } catch {
      progress.invalid += 1;
    }
    if (batch.length >= batchSize) await flush();
    if (m.seq >= last) break;
  }
  await messages.close();
  await flush();
  onProgress({ ...progress });
  return progress;
}

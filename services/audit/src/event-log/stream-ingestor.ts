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
import { EventLogAppender, PreparedAppend, prepareAppend, StreamedEvent } from './event-log.appender';

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
    /** Fetches the next batch and, when the head it will follow is known, hashes it meanwhile. */
    const prefetch = (after?: { position: number; hash: string }) =>
      fetchBatch().then(
        (msgs) => readBatch(msgs, after),
        () => readBatch([], undefined),
      );
    let knownHead: { position: number; hash: string } | undefined;
    let next = prefetch();
    let failures = 0;
    while (!this.stopped && !this.nc.isClosed()) {
      const current = await next;
      if (this.stopped || this.nc.isClosed()) {
        for (const m of current.msgs) m.nak();
        return;
      }
      if (current.msgs.length === 0) {
        next = prefetch(knownHead);
        continue;
      }
      if (!current.prepared && knownHead && current.events.length)
        current.prepared = prepareAppend(current.events, knownHead);
      // Prefetch: the next batch travels, and is hashed on the head this one leaves, while this one is
      // appended (the append re-checks that head under the chain lock and re-hashes if it moved).
      next = prefetch(current.prepared?.head);
      try {
        await this.appendBatch(current);
        knownHead = current.outcomeHead;
        failures = 0;
      } catch (error) {
        failures += 1;
        knownHead = undefined;
        // Nak in stream order, this batch then the prefetched one: they come back first, in that order.
        for (const m of current.msgs) m.nak();
        for (const m of (await next).msgs) m.nak();
        if (this.stopped || this.nc.isClosed()) return;
        const delay = Math.min(30_000, 200 * 2 ** Math.min(failures, 8));
        this.logger.error(
          `audit ingest failed (${failures}), retry in ${delay} ms: ${(error as Error).message}`,
        );
        await new Promise((r) => setTimeout(r, delay));
        next = prefetch();
      }
    }
    for (const m of (await next).msgs) m.nak();
  }

  /** Appends one fetched batch (bytes that are not an event go to dead letters), then acks it. */
  private async appendBatch(batch: ReadBatch): Promise<void> {
    for (const { msg, error } of batch.invalid) {
      await this.deadLetters.publish(
        msg,
        this.options.durable,
        msg.headers?.get('Lt-Event-Type') || 'unknown',
        error,
      );
      msg.term();
    }
    if (batch.events.length) {
      const outcome = await this.appender.append(batch.events, batch.prepared);
      batch.outcomeHead = outcome.head;
      this.options.onAppended?.();
    }
    for (const m of batch.good) m.ack();
    this.lastSequence = batch.msgs[batch.msgs.length - 1].seq;
  }
}

/** A fetched batch, read: its events (stream order), the messages that are not events, the rows. */
interface ReadBatch {
  msgs: JsMsg[];
  good: JsMsg[];
  events: StreamedEvent[];
  invalid: Array<{ msg: JsMsg; error: unknown }>;
  prepared?: PreparedAppend;
  /** The head of the log after this batch was appended. */
  outcomeHead?: { position: number; hash: string };
}

function readBatch(msgs: JsMsg[], after?: { position: number; hash: string }): ReadBatch {
  const batch: ReadBatch = { msgs, good: [], events: [], invalid: [] };
  for (const m of msgs) {
    try {
      batch.events.push({ event: readEvent(m), streamSequence: m.seq });
      batch.good.push(m);
    } catch (error) {
      batch.invalid.push({ msg: m, error });
    }
  }
  if (after && batch.events.length) {
    try {
      batch.prepared = prepareAppend(batch.events, after);
    } catch {
      // Hashed again inside the append, where the error (if any) is handled.
    }
  }
  return batch;
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

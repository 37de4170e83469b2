import { DataSource, EntityManager } from 'typeorm';
import { EventEnvelope } from '@lt/contracts';
import { EventSink } from './event-sink';

/**
 * Exactly-once effects on top of at-least-once delivery.
 *
 * `handleOnce` applies an event's effects and stages the events they cause in one transaction,
 * recording the event as processed; after commit it publishes the staged events and marks them sent.
 * A redelivered event finds itself processed and only re-publishes what is still unsent (the event ids
 * are deterministic, so JetStream drops copies). `relay` publishes anything a crashed process left behind.
 */
export class TransactionalOutbox {
  private readonly sentMarker: SentMarker;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sink: EventSink,
  ) {
    this.sentMarker = new SentMarker(dataSource, () => `"${this.schema}".outbox`);
  }

  private get schema(): string {
    return (this.dataSource.options as { schema?: string }).schema ?? 'public';
  }

  /**
   * Applies `work` once per (consumer, event id).
   * @returns whether the work ran now (false: a redelivery of an event already applied)
   */
  async handleOnce(
    consumer: string,
    event: EventEnvelope,
    work: (manager: EntityManager) => Promise<EventEnvelope[] | void>,
  ): Promise<boolean> {
    let ranNow = false;
    const staged = await this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "${this.schema}".processed_event (consumer, event_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [consumer, event.id],
      );
      if (inserted.length === 0) {
        const rows: Array<{ payload: EventEnvelope }> = await manager.query(
          `SELECT payload FROM "${this.schema}".outbox
           WHERE consumer = $1 AND causation_id = $2 AND published_at IS NULL ORDER BY created_at`,
          [consumer, event.id],
        );
        return rows.map((r) => r.payload);
      }
      ranNow = true;
      const events = (await work(manager)) ?? [];
      await this.stage(manager, events, consumer, event.id);
      return events;
    });
    await this.publishStaged(staged);
    return ranNow;
  }

  /**
   * For commands that come from outside (an HTTP request): applies `work` and stages its events in one
   * transaction, then publishes them. Returns what `work` returned.
   */
  async commit<T>(
    work: (manager: EntityManager) => Promise<{ result: T; events: EventEnvelope[] }>,
  ): Promise<T> {
    const { result, events } = await this.dataSource.transaction(async (manager) => {
      const outcome = await work(manager);
      await this.stage(manager, outcome.events, null, null);
      return outcome;
    });
    await this.publishStaged(events);
    return result;
  }

  /**
   * Publishes events that were committed but never marked sent (the process died in between).
   * Safe to run from every replica: rows are claimed with SKIP LOCKED.
   * @returns how many events it published
   */
  async relay(olderThanMs = 5_000, batch = 500): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ id: string; payload: EventEnvelope }> = await manager.query(
        `SELECT id, payload FROM "${this.schema}".outbox
         WHERE published_at IS NULL AND created_at < clock_timestamp() - ($1 || ' milliseconds')::interval
         ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [String(olderThanMs), batch],
      );
      for (const row of rows) await this.sink.publish(row.payload);
      if (rows.length) {
        await manager.query(
          `UPDATE "${this.schema}".outbox SET published_at = clock_timestamp() WHERE id = ANY($1)`,
          [rows.map((r) => r.id)],
        );
      }
      return rows.length;
    });
  }

  private async stage(
    manager: EntityManager,
    events: EventEnvelope[],
    consumer: string | null,
    causationId: string | null,
  ) {
    if (events.length === 0) return;
    const values: unknown[] = [];
    const tuples = events.map((e, i) => {
      values.push(e.id, consumer, causationId, JSON.stringify(e));
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}::jsonb)`;
    });
    await manager.query(
      `INSERT INTO "${this.schema}".outbox (id, consumer, causation_id, payload) VALUES ${tuples.join(', ')}
       ON CONFLICT (id) DO NOTHING`,
      values,
    );
  }

  private async publishStaged(events: EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    // Issued in order without waiting for each ack: one connection writes them in call order, so the
    // stream keeps the handler's order, and N events cost one round trip instead of N.
    await Promise.all(events.map((event) => this.sink.publish(event)));
    await this.sentMarker.mark(events.map((e) => e.id));
  }
}

/**
 * Marks published outbox rows sent, coalescing the ids of every caller that arrives while a write is
 * in flight into the next single UPDATE: under load, concurrent commands share one round trip and one
 * pooled connection instead of taking one each. Callers still wait until their rows are marked.
 * A failed mark is not the command's failure (its events are published): the rows stay unmarked and
 * the relay publishes them again, which the stream's Nats-Msg-Id de-duplication and the idempotent
 * consumers absorb.
 */
class SentMarker {
  private pending: string[] = [];
  private waiters: Array<() => void> = [];
  private writing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly table: () => string,
  ) {}

  mark(ids: string[]): Promise<void> {
    return new Promise((resolve) => {
      this.pending.push(...ids);
      this.waiters.push(resolve);
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    while (this.pending.length > 0) {
      const ids = this.pending;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        await this.dataSource.query(
          `UPDATE ${this.table()} SET published_at = clock_timestamp() WHERE id = ANY($1) AND published_at IS NULL`,
          [ids],
        );
      } catch {
        // Left unmarked: the relay re-publishes them (see the class comment).
      }
      for (const done of waiters) done();
    }
    this.writing = false;
  }
}

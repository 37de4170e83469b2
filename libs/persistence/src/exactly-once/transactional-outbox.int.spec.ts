import { DataSource } from 'typeorm';
import { createEvent, createFollowUpEvent, EventEnvelope } from '@lt/contracts';
import { createTestDatabase, TestDatabase } from '@lt/testing';
import { openServiceDataSource } from '../data-source/service-data-source';
import { ExactlyOnceTables1700000000000 } from '../migrations/exactly-once-tables.migration';
import { TransactionalOutbox } from './transactional-outbox';

/** Records what was published; can be told to fail, like a NATS outage would. */
class RecordingSink {
  published: EventEnvelope[] = [];
  down = false;
  async publish(event: EventEnvelope) {
    if (this.down) throw new Error('NATS unavailable');
    this.published.push(event);
  }
}

const cause = () =>
  createEvent({
    type: 'document.signature-verified',
    aggregate: { type: 'document', id: 'd1' },
    correlationId: 'd1',
    actor: 'signature-verification',
    data: {
      documentId: 'd1',
      senderCode: 'A',
      recipientCodes: ['B'],
      blob: { sha256: 'ab', ref: 'ab', size: 1 },
      header: {},
      evidence: { policy: 'off' },
    },
  });

const followUp = (e: EventEnvelope, recipient: string) =>
  createFollowUpEvent(e, {
    type: 'document.routing-failed',
    aggregate: e.aggregate,
    actor: 'routing',
    discriminator: recipient,
    data: {
      documentId: 'd1',
      senderCode: 'A',
      recipientCode: recipient,
      reason: 'RECIPIENT_UNKNOWN',
      detail: '',
    },
  });

describe('TransactionalOutbox (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('outbox');
    ds = await openServiceDataSource({
      url: db.url,
      schema: 'svc',
      migrations: [ExactlyOnceTables1700000000000],
    });
    await ds.query('CREATE TABLE svc.effect (id serial PRIMARY KEY, event_id uuid NOT NULL)');
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('applies an event once however often it is delivered, and publishes its events once each', async () => {
    const sink = new RecordingSink();
    const outbox = new TransactionalOutbox(ds, sink);
    const event = cause();
    const work = async (m: import('typeorm').EntityManager) => {
      await m.query('INSERT INTO svc.effect (event_id) VALUES ($1)', [event.id]);
      return [followUp(event, 'X'), followUp(event, 'Y')];
    };
    expect(await outbox.handleOnce('routing', event, work)).toBe(true);
    expect(await outbox.handleOnce('routing', event, work)).toBe(false);
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM svc.effect WHERE event_id = $1', [
      event.id,
    ]);
    expect(n).toBe(1);
    expect(sink.published.map((e) => e.data)).toEqual([
      expect.objectContaining({ recipientCode: 'X' }),
      expect.objectContaining({ recipientCode: 'Y' }),
    ]);
  });

  it('rolls back effects and staged events when the work fails', async () => {
    const sink = new RecordingSink();
    const outbox = new TransactionalOutbox(ds, sink);
    const event = cause();
    await expect(
      outbox.handleOnce('routing', event, async (m) => {
        await m.query('INSERT INTO svc.effect (event_id) VALUES ($1)', [event.id]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM svc.effect WHERE event_id = $1', [
      event.id,
    ]);
    expect(n).toBe(0);
    // Not marked processed: the redelivery does the work.
    expect(await outbox.handleOnce('routing', event, async () => [followUp(event, 'Z')])).toBe(true);
    expect(sink.published).toHaveLength(1);
  });

  it('keeps committed events when publishing fails; a redelivery or the relay publishes them', async () => {
    const sink = new RecordingSink();
    const outbox = new TransactionalOutbox(ds, sink);
    const event = cause();
    sink.down = true;
    await expect(outbox.handleOnce('routing', event, async () => [followUp(event, 'P')])).rejects.toThrow(
      'NATS',
    );
    sink.down = false;
    // Redelivery: already processed, the staged event goes out now.
    expect(await outbox.handleOnce('routing', event, async () => [followUp(event, 'WRONG')])).toBe(false);
    expect(sink.published.map((e) => (e.data as { recipientCode: string }).recipientCode)).toEqual(['P']);

    const other = cause();
    sink.down = true;
    await expect(outbox.handleOnce('routing', other, async () => [followUp(other, 'Q')])).rejects.toThrow();
    sink.down = false;
    expect(await outbox.relay(0)).toBe(1);
    expect(await outbox.relay(0)).toBe(0);
    expect(sink.published.map((e) => (e.data as { recipientCode: string }).recipientCode)).toEqual([
      'P',
      'Q',
    ]);
  });

  it('marks the events of concurrent commands sent in shared writes, before each command returns', async () => {
    const sink = new RecordingSink();
    const outbox = new TransactionalOutbox(ds, sink);
    const query = ds.query.bind(ds);
    let markWrites = 0;
    // Counts the mark writes on the real data source (the entity managers' queries pass through too).
    const spy = jest.spyOn(ds, 'query').mockImplementation((...args: Parameters<DataSource['query']>) => {
      if (args[0].includes('SET published_at')) markWrites++;
      return query(...args);
    });
    try {
      const events = Array.from({ length: 20 }, () => cause());
      await Promise.all(events.map((e) => outbox.commit(async () => ({ result: e.id, events: [e] }))));
      const [{ n }] = await ds.query(
        'SELECT count(*)::int AS n FROM svc.outbox WHERE id = ANY($1) AND published_at IS NULL',
        [events.map((e) => e.id)],
      );
      expect(n).toBe(0);
      expect(sink.published).toHaveLength(20);
      expect(markWrites).toBeGreaterThan(0);
      expect(markWrites).toBeLessThan(20);
    } finally {
      spy.mockRestore();
    }
  });

  it('migrates once when several replicas start together', async () => {
    const opened = await Promise.all(
      [1, 2, 3].map(() =>
        openServiceDataSource({ url: db.url, schema: 'race', migrations: [ExactlyOnceTables1700000000000] }),
      ),
    );
    const [{ n }] = await opened[0].query('SELECT count(*)::int AS n FROM race.migrations');
    expect(n).toBe(1);
    await Promise.all(opened.map((d) => d.destroy()));
  });
});

import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { EventPublisher, MessagingOptions, provisionStreams } from '@lt/messaging';
import { jetstreamManager } from '@nats-io/jetstream';
import { deleteTestStreams, isolatedMessagingOptions, TEST_NATS_URL } from '@lt/testing';
import { AuditDatabase, openAuditDatabase } from '../test-support/audit-database';
import { documentStory } from '../test-support/document-story';
import { AppendOutcome, EventLogAppender, StreamedEvent } from './event-log.appender';
import { StreamIngestor } from './stream-ingestor';
import { verifyChain } from '../integrity/chain-verifier';

/** An appender whose `failOn`-th append fails (as a lost database connection would). */
class FlakyAppender extends EventLogAppender {
  calls = 0;
  constructor(
    audit: AuditDatabase,
    private readonly failOn: number,
  ) {
    super(audit.dataSource);
  }
  override async append(batch: StreamedEvent[]): Promise<AppendOutcome> {
    this.calls += 1;
    if (this.calls === this.failOn) throw new Error('database went away');
    return super.append(batch);
  }
}

describe('stream ingest with a prefetched batch', () => {
  const messaging = isolatedMessagingOptions('auditingest') as MessagingOptions;
  let nc: NatsConnection;
  let audit: AuditDatabase;

  beforeAll(async () => {
    nc = await connect({ servers: TEST_NATS_URL });
    await provisionStreams(await jetstreamManager(nc), messaging);
    audit = await openAuditDatabase();
  });
  afterAll(async () => {
    await audit?.close();
    await nc?.close();
    await deleteTestStreams(messaging);
  });

  it('keeps stream order and loses nothing when an append fails with the next batch in hand', async () => {
    const story = documentStory();
    const publisher = new EventPublisher(jetstream(nc), messaging);
    for (const e of story.events) await publisher.publish(e);
    const appender = new FlakyAppender(audit, 2);
    const errors: string[] = [];
    let appended = 0;
    const ingestor = new StreamIngestor(
      nc,
      messaging,
      appender,
      { batchSize: 3, durable: 'ingest_test', onAppended: () => (appended += 1) },
      { warn: () => undefined, error: (m) => errors.push(m) },
    );
    await ingestor.start();
    const deadline = Date.now() + 20_000;
    const count = async () =>
      (
        (await audit.dataSource.query(`SELECT count(*)::int AS n FROM audit.event_log`)) as Array<{
          n: number;
        }>
      )[0].n;
    while ((await count()) < story.events.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await ingestor.stop();

    expect(errors).toHaveLength(1);
    expect(appender.calls).toBeGreaterThan(story.events.length / 3);
    expect(appended).toBe(appender.calls - 1);
    const rows = (await audit.dataSource.query(
      `SELECT event_id, stream_sequence FROM audit.event_log ORDER BY position`,
    )) as Array<{ event_id: string; stream_sequence: string }>;
    expect(rows.map((r) => r.event_id)).toEqual(story.events.map((e) => e.id));
    expect(rows.map((r) => Number(r.stream_sequence))).toEqual(story.events.map((_, i) => i + 1));
    expect(await verifyChain(audit.dataSource)).toMatchObject({ intact: true });
  });
});

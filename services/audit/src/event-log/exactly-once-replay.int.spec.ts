import { DataSource } from 'typeorm';
import { jetstream } from '@nats-io/jetstream';
import { MessagingOptions } from '@lt/messaging';
import {
  AuditTestStack,
  eventually,
  projectionCaughtUp,
  startAuditTestStack,
} from '../test-support/audit-test-stack';
import { documentStory } from '../test-support/document-story';
import { openAuditDatabase } from '../test-support/audit-database';
import { replayStream } from './stream-ingestor';
import { EventLogAppender } from './event-log.appender';
import { verifyChain } from '../integrity/chain-verifier';
import { projectionChecksum } from '../rebuild/rebuild-projections';

describe('exactly once, in stream order, and replay into an empty database', () => {
  let stack: AuditTestStack;
  const story = documentStory();
  const log = async (ds: { query(sql: string): Promise<unknown> }) =>
    (await ds.query(
      `SELECT position, event_id, stream_sequence, hash FROM audit.event_log ORDER BY position`,
    )) as Array<Record<string, string>>;
  const liveLog = () => log(stack.app.get(DataSource));

  beforeAll(async () => {
    stack = await startAuditTestStack();
  }, 30_000);
  afterAll(() => stack?.stop());

  it('appends each event once in stream order, even when the stream holds it twice', async () => {
    const js = jetstream(stack.nc);
    for (const e of story.events) await stack.publisher.publish(e);
    // The same events again without Nats-Msg-Id (as if published after the duplicate window).
    for (const e of story.events)
      await js.publish(stack.messaging.subjects.event(e.type, e.aggregate.id), JSON.stringify(e));
    await eventually(async () => ((await liveLog()).length === story.events.length ? true : undefined));
    await new Promise((r) => setTimeout(r, 1000));
    const rows = await liveLog();
    expect(rows).toHaveLength(story.events.length);
    expect(rows.map((r) => r.event_id)).toEqual(story.events.map((e) => e.id));
    expect(rows.map((r) => Number(r.stream_sequence))).toEqual(story.events.map((_, i) => i + 1));
  });

  it('a replay of the whole stream into the same log changes nothing', async () => {
    const before = await liveLog();
    const appender = stack.app.get(EventLogAppender);
    const progress = await replayStream(stack.nc, stack.messaging as MessagingOptions, appender, 7);
    expect(progress).toMatchObject({
      read: story.events.length * 2,
      appended: 0,
      duplicates: story.events.length * 2,
    });
    expect(await liveLog()).toEqual(before);
  });

  it('a replay into an empty audit database yields the identical log and projection', async () => {
    const empty = await openAuditDatabase();
    try {
      const seen: number[] = [];
      const progress = await replayStream(
        stack.nc,
        stack.messaging as MessagingOptions,
        empty.appender,
        5,
        (p) => seen.push(p.read),
      );
      expect(progress.appended).toBe(story.events.length);
      expect(seen.length).toBeGreaterThan(2);
      expect(await log(empty.dataSource)).toEqual(await liveLog());
      expect(await verifyChain(empty.dataSource)).toMatchObject({ intact: true });
      await projectionCaughtUp(stack, story.events.length);
      expect(await projectionChecksum(empty.dataSource)).toEqual(
        await projectionChecksum(stack.app.get(DataSource)),
      );
    } finally {
      await empty.close();
    }
  });
});

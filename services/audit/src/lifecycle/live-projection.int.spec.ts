import { UpcasterRegistry } from '@lt/contracts';
import { AuditDatabase, openAuditDatabase } from '../test-support/audit-database';
import { documentStory } from '../test-support/document-story';
import { EventLogAppender } from '../event-log/event-log.appender';
import { projectionChecksum, rebuildProjections } from '../rebuild/rebuild-projections';
import { LifecycleProjector } from './lifecycle-projector';
import { LiveProjectionWorker, projectedPosition, projectPending } from './live-projection';
import { DocumentLifecycle } from './lifecycle';

describe('the live projection follows the log by position', () => {
  let audit: AuditDatabase;
  let logOnly: EventLogAppender;
  const projector = new LifecycleProjector('audit', new UpcasterRegistry());
  const story = documentStory();
  const streamed = story.events.map((event, i) => ({ event, streamSequence: i + 1 }));
  const eventCount = async () =>
    (
      (await audit.dataSource.query(`SELECT state FROM audit.lifecycle WHERE document_id = $1`, [
        story.documentId,
      ])) as Array<{ state: DocumentLifecycle }>
    )[0]?.state.eventCount;

  beforeEach(async () => {
    audit = await openAuditDatabase();
    logOnly = new EventLogAppender(audit.dataSource); // as the service appends: no inline projection
  });
  afterEach(() => audit.close());

  it('projects each log row once, a step at a time, and a rolled-back step changes nothing', async () => {
    await logOnly.append(streamed);
    expect(await projectedPosition(audit.dataSource)).toBe(0);
    expect(await eventCount()).toBeUndefined();

    // A step whose transaction fails after projecting: neither the rows nor the watermark stay.
    await expect(
      audit.dataSource.transaction(async (m) => {
        await projectPending(m, projector, 4);
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(await projectedPosition(audit.dataSource)).toBe(0);
    expect(await eventCount()).toBeUndefined();

    const steps: number[] = [];
    for (;;) {
      const n = await audit.dataSource.transaction((m) => projectPending(m, projector, 4));
      if (n === 0) break;
      steps.push(n);
    }
    expect(steps.reduce((a, b) => a + b, 0)).toBe(story.events.length);
    expect(Math.max(...steps)).toBe(4);
    expect(await projectedPosition(audit.dataSource)).toBe(story.events.length);

    // Same projection as appending with the projection inline, in one go.
    const inline = await openAuditDatabase();
    try {
      await inline.appender.append(streamed);
      expect(await projectionChecksum(audit.dataSource)).toEqual(await projectionChecksum(inline.dataSource));
    } finally {
      await inline.close();
    }
  });

  it('an inline append catches up a projection that trails the log', async () => {
    await logOnly.append(streamed.slice(0, 5));
    await audit.appender.append(streamed.slice(5));
    expect(await projectedPosition(audit.dataSource)).toBe(story.events.length);
    const fresh = await openAuditDatabase();
    try {
      await fresh.appender.append(streamed);
      expect(await projectionChecksum(audit.dataSource)).toEqual(await projectionChecksum(fresh.dataSource));
    } finally {
      await fresh.close();
    }
  });

  it('the worker follows appends, woken by nudge, and stops cleanly', async () => {
    const worker = new LiveProjectionWorker(
      audit.dataSource,
      projector,
      { batchSize: 3, idleMs: 60_000 },
      { error: (m) => console.error(m) },
    );
    worker.start();
    try {
      await logOnly.append(streamed);
      worker.nudge(); // without it the next poll is a minute away
      const deadline = Date.now() + 10_000;
      while ((await projectedPosition(audit.dataSource)) < story.events.length && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(await projectedPosition(audit.dataSource)).toBe(story.events.length);
      expect(await eventCount()).toBeGreaterThan(0);
    } finally {
      await worker.stop();
    }
  });

  it('a rebuild first brings a trailing live projection to the head, then compares', async () => {
    await logOnly.append(streamed);
    const result = await rebuildProjections(audit.dataSource, new UpcasterRegistry());
    expect(result.identical).toBe(true);
    expect(result.live.documents).toBeGreaterThan(0);
    expect(await projectedPosition(audit.dataSource)).toBe(story.events.length);
  });
});

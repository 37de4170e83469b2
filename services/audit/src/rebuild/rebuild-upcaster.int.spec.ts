import { createEvent, EventEnvelope, UpcasterRegistry } from '@lt/contracts';
import { AuditDatabase, openAuditDatabase } from '../test-support/audit-database';
import { rebuildProjections, RebuildProgress } from './rebuild-projections';
import { DocumentLifecycle } from '../lifecycle/lifecycle';
import { documentStory, updateStory } from '../test-support/document-story';

/** A `document.submitted` as a hypothetical schema version 0 had it: other field names. */
function legacySubmitted(documentId: string): EventEnvelope {
  const e = createEvent({
    type: 'document.submitted',
    aggregate: { type: 'document', id: documentId },
    correlationId: documentId,
    actor: '000.00.00.G22',
    data: {} as never,
  });
  return {
    ...e,
    schemaVersion: 0,
    data: { docId: documentId, from: '000.00.00.G22', to: ['000.00.00.H29'], summary: 'Báo cáo năm' },
  };
}

describe('rebuild', () => {
  let audit: AuditDatabase;
  const lifecycle = async (id: string) =>
    ((await audit.dataSource.query(`SELECT state FROM audit.lifecycle WHERE document_id = $1`, [id]))[0]
      ?.state ?? null) as DocumentLifecycle | null;

  beforeEach(async () => {
    audit = await openAuditDatabase();
  });
  afterEach(() => audit.close());

  it('equals the live projection and reports progress', async () => {
    const events = [...documentStory().events, ...documentStory().events];
    await audit.appender.append(events.map((event, i) => ({ event, streamSequence: i + 1 })));
    const progress: RebuildProgress[] = [];
    const result = await rebuildProjections(
      audit.dataSource,
      new UpcasterRegistry(),
      (p) => progress.push(p),
      { chunk: 7, cacheLimit: 1 },
    );
    expect(result).toMatchObject({ identical: true, events: events.length });
    expect(result.live.documents).toBe(2);
    expect(progress.filter((p) => p.phase === 'rebuilding').length).toBeGreaterThan(5);
    expect(progress[progress.length - 1]).toMatchObject({ phase: 'done', processed: events.length });
    // Twice in a row: the swapped-in tables (and index names) are reusable.
    expect((await rebuildProjections(audit.dataSource, new UpcasterRegistry())).identical).toBe(true);
  });

  it('equals the live projection when lifecycles are written out and evicted mid-rebuild', async () => {
    // The update refers to the first document by its sender DocumentId, after it was evicted.
    const story = documentStory();
    const events = [...story.events, ...updateStory(story).events];
    await audit.appender.append(events.map((event, i) => ({ event, streamSequence: i + 1 })));
    for (const cacheLimit of [0, 1, 1_000]) {
      const result = await rebuildProjections(audit.dataSource, new UpcasterRegistry(), undefined, {
        chunk: 2,
        cacheLimit,
        writeBatch: 1,
      });
      expect({ cacheLimit, ...result }).toMatchObject({ cacheLimit, identical: true, events: events.length });
      expect(result.rebuilt.documents).toBe(2);
    }
    const first = await lifecycle(story.documentId);
    expect(first?.relations.length).toBeGreaterThan(0);
  });

  it('reads old events through an upcaster added later', async () => {
    await audit.appender.append([{ event: legacySubmitted('old-1'), streamSequence: 1 }]);
    expect((await lifecycle('old-1'))?.submitted?.recipientCodes).toEqual([]);
    const upcasters = new UpcasterRegistry().register('document.submitted', 0, (data) => {
      const d = data as { docId: string; from: string; to: string[]; summary: string };
      return {
        documentId: d.docId,
        senderCode: d.from,
        recipientCodes: d.to,
        blob: { sha256: '', ref: '', size: 0 },
        header: { subject: d.summary },
      };
    });
    const result = await rebuildProjections(audit.dataSource, upcasters);
    expect(result.identical).toBe(false); // the live projection did not understand the old event
    const doc = await lifecycle('old-1');
    expect(doc?.submitted).toMatchObject({
      senderCode: '000.00.00.G22',
      recipientCodes: ['000.00.00.H29'],
      header: { subject: 'Báo cáo năm' },
    });
    expect(
      (
        await audit.dataSource.query(
          `SELECT count(*)::int AS n FROM audit.lifecycle WHERE subject_words @@ plainto_tsquery('simple', 'bao cao')`,
        )
      )[0].n,
    ).toBe(1);
    expect((await rebuildProjections(audit.dataSource, upcasters)).identical).toBe(true);
  });
});

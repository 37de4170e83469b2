/**
 * Audit benchmark (issue 8), in one run:
 * - ingest: events/s from the JetStream stream into the hash-chained log (with the live lifecycle
 *   projection), against a plain batched INSERT of the same rows without hashing or projection;
 * - rebuild: events/s rebuilding every lifecycle projection from a log of BENCH_REBUILD_EVENTS events
 *   (generated straight into the table; default 1,000,000);
 * - search: p50/p99 of the auditors' search over BENCH_SEARCH_DOCUMENTS lifecycles (default 1,000,000).
 * Targets: ingest ≥ 10,000 events/s, rebuild ≥ 50,000 events/s, search p99 < 50 ms.
 */
import 'reflect-metadata';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createEvent, EventEnvelope, UpcasterRegistry } from '@lt/contracts';
import { MessagingOptions, provisionStreams } from '@lt/messaging';
import { createTestDatabase, deleteTestStreams, isolatedMessagingOptions } from '@lt/testing';
import { openServiceDataSource } from '@lt/persistence';
import { DataSource } from 'typeorm';
import { AUDIT_MIGRATIONS } from '../services/audit/src/migrations/audit-migrations';
import { EventLogAppender } from '../services/audit/src/event-log/event-log.appender';
import { StreamIngestor } from '../services/audit/src/event-log/stream-ingestor';
import { LifecycleProjector } from '../services/audit/src/lifecycle/lifecycle-projector';
import { LifecycleRepository, SearchCriteria } from '../services/audit/src/lifecycle/lifecycle.repository';
import { rebuildProjections } from '../services/audit/src/rebuild/rebuild-projections';
import { projectionIndexDdl, projectionTableDdl } from '../services/audit/src/lifecycle/projection-tables';
import { LiveProjectionWorker, projectedPosition } from '../services/audit/src/lifecycle/live-projection';
import { canonicalJson } from '../services/audit/src/event-log/hash-chain';
import { progress, table, writeBenchSection } from './lib/bench-report';

const INGEST = Number(process.env.BENCH_INGEST_EVENTS ?? 50_000);
const BATCH = Number(process.env.BENCH_INGEST_BATCH ?? 1000);
const REBUILD = Number(process.env.BENCH_REBUILD_EVENTS ?? 1_000_000);
const DOCS = Number(process.env.BENCH_SEARCH_DOCUMENTS ?? 1_000_000);
const AGENCIES = 500;
/** Which parts to run (comma-separated: ingest, rebuild, search); all by default. */
const PARTS = new Set((process.env.BENCH_AUDIT_PARTS ?? 'ingest,rebuild,search').split(','));

const agency = (i: number) =>
  `000.00.${String(Math.floor(i / 100) % 100).padStart(2, '0')}.H${String(i % 100).padStart(2, '0')}`;

async function auditDatabase(): Promise<{ ds: DataSource; drop: () => Promise<void> }> {
  const db = await createTestDatabase('benchaudit');
  const ds = await openServiceDataSource({
    url: db.url,
    schema: 'audit',
    migrations: AUDIT_MIGRATIONS,
  });
  return { ds, drop: async () => (await ds.destroy(), await db.drop()) };
}

/** Events of a document flow: submitted, routed, queued + delivered per recipient, statuses 01/03. */
function flowEvents(n: number): EventEnvelope[] {
  const out: EventEnvelope[] = [];
  for (let d = 0; out.length < n; d++) {
    const documentId = `doc-${d}`;
    const base = {
      aggregate: { type: 'document' as const, id: documentId },
      correlationId: documentId,
      actor: 'bench',
    };
    const recipients = [agency(d), agency(d + 1), agency(d + 2)];
    out.push(
      createEvent({
        ...base,
        type: 'document.submitted',
        data: {
          documentId,
          senderCode: agency(d + 7),
          recipientCodes: recipients,
          blob: { sha256: 'a'.repeat(64), ref: 'a'.repeat(64), size: 1000 },
          header: {
            senderDocumentId: `${agency(d + 7)},2025/01/01,${d}/UBND`,
            subject: `Về việc báo cáo số ${d}`,
            codeNotation: 'UBND',
            priority: d % 5,
          },
        },
      }),
      createEvent({
        ...base,
        type: 'document.routed',
        data: {
          documentId,
          senderCode: agency(d + 7),
          priority: d % 5,
          blob: { sha256: 'a'.repeat(64), ref: 'a'.repeat(64), size: 1000 },
          recipients: recipients.map((agencyCode) => ({ agencyCode, delivery: 'pull' as const })),
        },
      }),
    );
    for (const r of recipients) {
      out.push(
        createEvent({
          ...base,
          type: 'delivery.queued',
          data: { deliveryId: `${d}-${r}`, documentId, recipientCode: r, mode: 'pull', priority: 0 },
        }),
        createEvent({
          ...base,
          type: 'delivery.delivered',
          data: { deliveryId: `${d}-${r}`, documentId, recipientCode: r, mode: 'pull', attempt: 1 },
        }),
      );
    }
  }
  return out.slice(0, n);
}

async function ingestBench() {
  const opts = isolatedMessagingOptions('bench-audit') as MessagingOptions;
  const nc = await connect({ servers: opts.natsUrl });
  await provisionStreams(await jetstreamManager(nc), opts);
  const js = jetstream(nc);
  const events = flowEvents(INGEST);
  let next = 0;
  let published = 0;
  await Promise.all(
    Array.from({ length: 256 }, async () => {
      while (next < events.length) {
        const e = events[next++];
        await js.publish(opts.subjects.event(e.type, e.aggregate.id), JSON.stringify(e), { msgID: e.id });
        if (++published % 10_000 === 0) progress('publish', published, events.length);
      }
    }),
  );
  const { ds, drop } = await auditDatabase();
  // As the service runs it (IngestService): the ingest appends, the live projection follows the log.
  const projection = new LiveProjectionWorker(
    ds,
    new LifecycleProjector('audit', new UpcasterRegistry()),
    { batchSize: 2000, idleMs: 1000 },
    console,
  );
  const ingestor = new StreamIngestor(
    nc,
    opts,
    new EventLogAppender(ds),
    { batchSize: BATCH, durable: 'bench', onAppended: () => projection.nudge() },
    console,
  );
  const t = performance.now();
  projection.start();
  await ingestor.start();
  let logMs = 0;
  for (;;) {
    const [r] = await ds.query('SELECT coalesce(max(position), 0)::int AS n FROM audit.event_log');
    if (!logMs && r.n >= INGEST) logMs = performance.now() - t;
    const projected = await projectedPosition(ds);
    progress('ingest (projected)', projected, INGEST);
    if (projected >= INGEST) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  // Counted until the live projection holds the last event, not only the log.
  const ingestPerSec = INGEST / ((performance.now() - t) / 1000);
  const logPerSec = INGEST / ((logMs || performance.now() - t) / 1000);
  await ingestor.stop();
  await projection.stop();

  // Baseline: the same rows, a plain batched INSERT, no hashing, no projection, no NATS.
  await ds.query(
    'CREATE TABLE audit.plain_log (LIKE audit.event_log INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)',
  );
  const t2 = performance.now();
  for (let i = 0; i < events.length; i += BATCH) {
    const chunk = events.slice(i, i + BATCH);
    await ds.query(
      `INSERT INTO audit.plain_log (position, event_id, stream_sequence, type, schema_version, occurred_at, correlation_id, actor, content, prev_hash, hash)
       SELECT p, id, p, ty, 1, oc, co, ac, ct, '', '' FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[]) AS x(p, id, ty, oc, co, ac, ct)`,
      [
        chunk.map((_, j) => i + j + 1),
        chunk.map((e) => e.id),
        chunk.map((e) => e.type),
        chunk.map((e) => e.occurredAt),
        chunk.map((e) => e.correlationId),
        chunk.map((e) => e.actor),
        chunk.map((e) => JSON.stringify(e)),
      ],
    );
  }
  const plainPerSec = INGEST / ((performance.now() - t2) / 1000);
  await drop();
  await nc.close();
  await deleteTestStreams(opts);
  return { ingestPerSec, logPerSec, plainPerSec };
}

async function rebuildBench() {
  const { ds, drop } = await auditDatabase();
  const template = flowEvents(11); // one document's 8 events and the next's first ones
  const perDoc = 8;
  await ds.query(`ALTER TABLE audit.event_log DISABLE TRIGGER USER`);
  const step = 100_000;
  for (let start = 0; start < REBUILD; start += step) {
    const rows = Math.min(step, REBUILD - start);
    // Generated in SQL from one document's events: document i gets ids doc-i; hashes are not checked by a rebuild.
    await ds.query(
      `INSERT INTO audit.event_log (position, event_id, stream_sequence, type, schema_version, occurred_at, correlation_id, actor, content, prev_hash, hash)
       SELECT g, gen_random_uuid(), g, t.type, 1, now(), 'doc-' || ((g - 1) / ${perDoc}), 'bench',
         replace(replace(t.content, '"doc-0"', '"doc-' || ((g - 1) / ${perDoc}) || '"'), ',2025/01/01,0/', ',2025/01/01,' || ((g - 1) / ${perDoc}) || '/'),
         repeat('0', 64), repeat('0', 64)
       FROM generate_series($1::bigint, $2::bigint) g
       JOIN unnest($3::text[], $4::text[]) WITH ORDINALITY AS t(type, content, k) ON t.k = ((g - 1) % ${perDoc}) + 1`,
      [
        start + 1,
        start + rows,
        template.slice(0, perDoc).map((e) => e.type),
        template.slice(0, perDoc).map((e) => canonicalJson(e)),
      ],
    );
    progress('generate log', start + rows, REBUILD);
  }
  // The log was generated straight into the table: the live projection (empty) counts as up to date.
  await ds.query(`UPDATE audit.projection_position SET position = $1`, [REBUILD]);
  const result = await rebuildProjections(
    ds,
    new UpcasterRegistry(),
    (p) => progress(`rebuild ${p.phase}`, p.processed, p.total),
    { chunk: Number(process.env.BENCH_REBUILD_CHUNK ?? 2_000) },
  );
  await drop();
  return result;
}

async function searchBench() {
  const { ds, drop } = await auditDatabase();
  // Bulk load without indexes, then create them (as a rebuild of a large log would).
  await ds.query(`DROP TABLE audit.recipient_lifecycle, audit.lifecycle`);
  for (const sql of projectionTableDdl('audit', '')) await ds.query(sql);
  const step = 100_000;
  for (let start = 0; start < DOCS; start += step) {
    const rows = Math.min(step, DOCS - start);
    await ds.query(
      `INSERT INTO audit.lifecycle (document_id, sender_code, sender_document_id, code_notation, document_type, priority, submitted_at,
         recipient_codes, current_statuses, subject_words, overall, last_position, state)
       SELECT 'doc-' || g, s.code, s.code || ',2025/01/01,' || g || '/UBND', (ARRAY['UBND','VPCP-TTĐT','BTC','STC'])[1 + g % 4],
         (ARRAY['Công văn','Quyết định','Thông báo'])[1 + g % 3], g % 5,
         timestamptz '2024-01-01' + (g * interval '30 seconds'),
         ARRAY[r1.code, r2.code], ARRAY[(ARRAY['01','03','05','06'])[1 + g % 4]],
         to_tsvector('simple', 've viec bao cao ' || (ARRAY['ngan sach','dau tu cong','hoa toc','tuyen dung','dat dai'])[1 + g % 5] || ' so ' || g),
         'in-progress', g, jsonb_build_object('documentId', 'doc-' || g)
       FROM generate_series($1::int, $2::int) g
       CROSS JOIN LATERAL (SELECT '000.00.' || lpad(((g % ${AGENCIES}) / 100)::text, 2, '0') || '.H' || lpad((g % 100)::text, 2, '0') AS code) s
       CROSS JOIN LATERAL (SELECT '000.00.' || lpad((((g + 1) % ${AGENCIES}) / 100)::text, 2, '0') || '.H' || lpad(((g + 1) % 100)::text, 2, '0') AS code) r1
       CROSS JOIN LATERAL (SELECT '000.00.' || lpad((((g + 2) % ${AGENCIES}) / 100)::text, 2, '0') || '.H' || lpad(((g + 2) % 100)::text, 2, '0') AS code) r2`,
      [start + 1, start + rows],
    );
    progress('generate documents', start + rows, DOCS);
  }
  for (const sql of projectionIndexDdl('audit', '')) await ds.query(sql);
  await ds.query('ANALYZE audit.lifecycle');
  const queries: Array<[string, Omit<SearchCriteria, 'limit'>]> = [
    ['sender', { sender: agency(42) }],
    ['recipient', { recipient: agency(77) }],
    ['date range', { from: '2024-03-01', to: '2024-03-02' }],
    ['type + priority', { type: 'Quyết định', priority: 4 }],
    ['status', { status: '05' }],
    ['code notation', { codeNotation: 'vpcp-ttđt' }],
    ['subject words (no diacritics)', { q: 'dau tu cong' }],
    ['subject words (diacritics) + sender', { q: 'hỏa tốc', sender: agency(13) }],
    ['recipient + date range', { recipient: agency(5), from: '2024-02-01', to: '2024-06-01' }],
  ];
  const repo = new LifecycleRepository(ds);
  if (process.env.BENCH_AUDIT_EXPLAIN) {
    // Prints the plan of each query shape once (to see which index a shape uses).
    for (const [name, c] of queries) {
      const query = ds.query.bind(ds);
      ds.query = (async (sql: string, params?: unknown[]) => {
        const plan = await query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        console.log(`\n-- ${name}\n${plan.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')}`);
        return query(sql, params);
      }) as typeof ds.query;
      await repo.search({ ...c, limit: 20 });
      ds.query = query;
    }
  }
  const rows: Array<Array<string | number>> = [];
  const all: number[] = [];
  for (const [name, c] of queries) {
    const times: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 60; i++) {
      const t = performance.now();
      const page = await repo.search({ ...c, limit: 20, cursor: i % 3 === 2 ? cursor : undefined });
      times.push(performance.now() - t);
      cursor = page.nextCursor ?? undefined;
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    rows.push([
      name,
      times[Math.floor(times.length * 0.5)].toFixed(1),
      times[Math.floor(times.length * 0.99)].toFixed(1),
    ]);
  }
  all.sort((a, b) => a - b);
  await drop();
  return { rows, p50: all[Math.floor(all.length * 0.5)], p99: all[Math.floor(all.length * 0.99)] };
}

async function main() {
  const ingest = PARTS.has('ingest') ? await ingestBench() : undefined;
  if (ingest)
    console.log(
      `ingest: ${Math.round(ingest.ingestPerSec)} events/s log + projection, ${Math.round(ingest.logPerSec)} events/s log alone (plain INSERT ${Math.round(ingest.plainPerSec)} events/s)`,
    );
  const rebuild = PARTS.has('rebuild') ? await rebuildBench() : undefined;
  if (rebuild)
    console.log(
      `rebuild: ${rebuild.eventsPerSecond} events/s over ${rebuild.events} events (${rebuild.live.documents} → ${rebuild.rebuilt.documents} documents, ${(rebuild.durationMs / 1000).toFixed(1)} s; phases ms ${JSON.stringify(rebuild.phaseMs)})`,
    );
  const search = PARTS.has('search') ? await searchBench() : undefined;
  if (search)
    console.log(
      `search over ${DOCS} documents: p50 ${search.p50.toFixed(1)} ms, p99 ${search.p99.toFixed(1)} ms`,
    );
  if (!ingest || !rebuild || !search) return; // a partial run (BENCH_AUDIT_PARTS) leaves the report alone
  const md = `${table(
    ['measure', 'ours', 'baseline / target'],
    [
      [
        `ingest from the stream into the hash-chained log + live projection, until the projection holds the last event (${INGEST} events, batch ${BATCH})`,
        `${Math.round(ingest.ingestPerSec)} events/s (log alone ${Math.round(ingest.logPerSec)} events/s)`,
        `plain batched INSERT, no hash: ${Math.round(ingest.plainPerSec)} events/s; target ≥ 10,000`,
      ],
      [
        `rebuild all lifecycle projections (${rebuild.events} events, ${rebuild.rebuilt.documents} documents)`,
        `${rebuild.eventsPerSecond} events/s (${(rebuild.durationMs / 1000).toFixed(1)} s: ${Object.entries(
          rebuild.phaseMs,
        )
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
          .join(', ')})`,
        'target ≥ 50,000',
      ],
      [
        `search over ${DOCS} documents, 9 query shapes × 60, page 20`,
        `p50 ${search.p50.toFixed(1)} ms, p99 ${search.p99.toFixed(1)} ms`,
        'target p99 < 50 ms',
      ],
    ],
  )}\n\nSearch by query shape (ms):\n\n${table(['query', 'p50', 'p99'], search.rows)}`;
  console.log(md);
  writeBenchSection('audit', 'Audit: ingest, rebuild, search', md);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

import { DataSource } from 'typeorm';
import { EventEnvelope } from '@lt/contracts';
import { canonicalJson, chainHash, GENESIS_HASH } from './hash-chain';
import { LifecycleProjector, Queryable } from '../lifecycle/lifecycle-projector';
import {
  logRowsAfter,
  PROJECTION_LOCK,
  projectedPosition,
  setProjectedPosition,
} from '../lifecycle/live-projection';

/** One event read from the stream, with where it sat there. */
export interface StreamedEvent {
  event: EventEnvelope;
  streamSequence: number;
}

export interface AppendOutcome {
  appended: number;
  duplicates: number;
  head: { position: number; hash: string };
}

/** Key of the advisory lock that makes the chain single-writer (ingest, replay, rebuild all take it). */
export const CHAIN_LOCK = `hashtext('lt-audit-chain')`;

/**
 * Appends events at the head of the hash chain, many per transaction, once per event id: an id already
 * in the log (a redelivery, a replay, a copy published outside the stream's duplicate window) is
 * skipped.
 *
 * With a `projector` (replay, CLI, tests) the live lifecycle projection is also brought up to the new
 * head in the same transaction. The service passes none: its `LiveProjectionWorker` follows the log in
 * its own transactions, so the append carries no projection work (ADR 0007).
 */
export class EventLogAppender {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projector?: LifecycleProjector,
  ) {}

  /**
   * Appends `batch` in the given order (callers pass stream order).
   * @param prepared the batch hashed ahead of time (`prepareAppend`), used if still valid
   */
  async append(batch: StreamedEvent[], prepared?: PreparedAppend): Promise<AppendOutcome> {
    return this.dataSource.transaction((m) => appendInTransaction(m, batch, this.projector, prepared));
  }
}

/** The rows of a batch, hashed on top of a given head, ready to insert. */
export interface PreparedAppend {
  /** The head the rows were chained onto. */
  after: { position: number; hash: string };
  /** Event ids of the batch (lower case), each once. */
  ids: string[];
  cols: {
    position: number[];
    eventId: string[];
    seq: number[];
    type: string[];
    version: number[];
    occurredAt: string[];
    correlationId: string[];
    actor: string[];
    traceId: Array<string | null>;
    content: string[];
    prevHash: string[];
    hash: string[];
  };
  appended: Array<{ position: number; event: EventEnvelope }>;
  /** The head after these rows. */
  head: { position: number; hash: string };
}

/**
 * Serialises and hashes `batch` as rows after `after`, skipping ids in `skip` and repeated ids.
 * Pure: the ingest prepares the next batch with it while the current one is being written, on the
 * head that batch will leave (`appendInTransaction` re-checks that head under the chain lock).
 */
export function prepareAppend(
  batch: StreamedEvent[],
  after: { position: number; hash: string },
  skip: ReadonlySet<string> = new Set(),
): PreparedAppend {
  const seen = new Set(skip);
  let position = after.position;
  let prevHash = after.hash;
  const prepared: PreparedAppend = {
    after,
    ids: [],
    cols: {
      position: [],
      eventId: [],
      seq: [],
      type: [],
      version: [],
      occurredAt: [],
      correlationId: [],
      actor: [],
      traceId: [],
      content: [],
      prevHash: [],
      hash: [],
    },
    appended: [],
    head: after,
  };
  const cols = prepared.cols;
  for (const { event, streamSequence } of batch) {
    const id = event.id.toLowerCase();
    if (seen.has(id)) continue;
    seen.add(id);
    prepared.ids.push(id);
    position += 1;
    const content = canonicalJson(event);
    const hash = chainHash(position, prevHash, content);
    cols.position.push(position);
    cols.eventId.push(id);
    cols.seq.push(streamSequence);
    cols.type.push(event.type);
    cols.version.push(event.schemaVersion);
    cols.occurredAt.push(event.occurredAt);
    cols.correlationId.push(event.correlationId);
    cols.actor.push(event.actor);
    cols.traceId.push(event.traceparent?.split('-')[1] ?? null);
    cols.content.push(content);
    cols.prevHash.push(prevHash);
    cols.hash.push(hash);
    prepared.appended.push({ position, event });
    prevHash = hash;
  }
  prepared.head = { position, hash: prevHash };
  return prepared;
}

/**
 * The append itself, for callers that already hold a transaction. `prepared` (rows hashed ahead of
 * time for this batch) is used only when, under the chain lock, the head is the one it was chained
 * onto and none of its ids is already in the log; otherwise the rows are hashed again here.
 */
export async function appendInTransaction(
  db: Queryable,
  batch: StreamedEvent[],
  projector?: LifecycleProjector,
  prepared?: PreparedAppend,
): Promise<AppendOutcome> {
  // One writer at a time: the chain has a single head, whatever the number of audit replicas.
  await db.query(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const ids = batch.map((b) => b.event.id.toLowerCase());
  const [state] = (await db.query(
    `SELECT (SELECT coalesce(array_agg(event_id::text), '{}') FROM audit.event_log WHERE event_id = ANY($1::uuid[])) AS seen,
       h.position, h.hash
     FROM (SELECT 1) AS one
     LEFT JOIN (SELECT position, hash FROM audit.event_log ORDER BY position DESC LIMIT 1) h ON true`,
    [ids],
  )) as Array<{ seen: string[]; position: string | null; hash: string | null }>;
  const seen = new Set(state.seen);
  const head = {
    position: state.position === null ? 0 : Number(state.position),
    hash: state.hash ?? GENESIS_HASH,
  };
  const rows =
    prepared &&
    seen.size === 0 &&
    prepared.after.position === head.position &&
    prepared.after.hash === head.hash
      ? prepared
      : prepareAppend(batch, head, seen);
  const { cols, appended } = rows;
  if (appended.length) {
    await db.query(
      `INSERT INTO audit.event_log (position, event_id, stream_sequence, type, schema_version, occurred_at,
         correlation_id, actor, trace_id, content, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::bigint[], $4::text[], $5::int[], $6::timestamptz[],
         $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])`,
      [
        cols.position,
        cols.eventId,
        cols.seq,
        cols.type,
        cols.version,
        cols.occurredAt,
        cols.correlationId,
        cols.actor,
        cols.traceId,
        cols.content,
        cols.prevHash,
        cols.hash,
      ],
    );
  }
  if (projector) await projectInline(db, projector, rows.head.position, appended);
  return {
    appended: appended.length,
    duplicates: batch.length - appended.length,
    head: rows.head,
  };
}

/**
 * Brings the live projection up to `head` in the append's transaction. When the watermark sat at the
 * old head, the events just appended are applied from memory; otherwise (the projection lagged) the
 * missing rows are read back from the log first.
 */
async function projectInline(
  db: Queryable,
  projector: LifecycleProjector,
  head: number,
  appended: Array<{ position: number; event: EventEnvelope }>,
): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(${PROJECTION_LOCK})`);
  const from = await projectedPosition(db);
  if (from >= head) return;
  const oldHead = head - appended.length;
  const rows = from === oldHead ? appended : await logRowsAfter(db, from, head - from);
  await projector.apply(db, rows);
  await setProjectedPosition(db, head);
}

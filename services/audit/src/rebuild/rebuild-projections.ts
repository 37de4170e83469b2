import { DataSource, QueryRunner } from 'typeorm';
import { EventEnvelope, UpcasterRegistry } from '@lt/contracts';
import { CHAIN_LOCK } from '../event-log/event-log.appender';
import { LifecycleProjector, ProjectionCache, Queryable } from '../lifecycle/lifecycle-projector';
import { DocumentLifecycle } from '../lifecycle/lifecycle';
import { PROJECTION_LOCK, projectPending } from '../lifecycle/live-projection';
import {
  PROJECTION_INDEXES,
  PROJECTION_TABLES,
  projectionIndexDdl,
  projectionTableDdl,
} from '../lifecycle/projection-tables';

export interface RebuildProgress {
  phase: 'catching-up' | 'rebuilding' | 'indexing' | 'comparing' | 'swapping' | 'done';
  processed: number;
  total: number;
}

export interface ProjectionChecksum {
  documents: number;
  recipients: number;
  /** MD5 over every projection row in key order. */
  checksum: string;
}

export interface RebuildResult {
  events: number;
  upToPosition: number;
  live: ProjectionChecksum;
  rebuilt: ProjectionChecksum;
  /** True when the projection rebuilt from the log alone equals the live one, row for row. */
  identical: boolean;
  durationMs: number;
  eventsPerSecond: number;
  /** Milliseconds spent in each phase (where the time goes, for operators and the benchmark). */
  phaseMs: Record<'catchUp' | 'fold' | 'write' | 'index' | 'compare' | 'swap', number>;
}

export interface RebuildOptions {
  /** Log rows read per step (the next steps are read while this one is folded). */
  chunk?: number;
  /**
   * Lifecycles held in memory before they are written out (in the background, while folding goes on)
   * and dropped from memory.
   */
  cacheLimit?: number;
  /** Lifecycles per INSERT statement when writing out. */
  writeBatch?: number;
}

const SUFFIX = '_rebuild';
/**
 * Chunks of the log requested ahead of the fold: one, because a pg client must not be handed a query
 * while it runs one (deprecated in pg 8, removed in pg 9); measured no faster with 4 anyway.
 */
const READ_AHEAD = 1;

/**
 * Rebuilds every lifecycle projection from the audit log alone: folds the whole log in memory (in
 * steps of `chunk` rows, the next read while the current one is folded) into fresh UNLOGGED tables,
 * written out only when `cacheLimit` lifecycles are held and at the end; creates the indexes; compares
 * the checksum with the live tables (first brought up to the head of the log); makes the new tables
 * LOGGED and swaps them in. The log is the truth: if they differ, for instance after an upcaster was
 * added, the rebuilt tables win and the report says so.
 *
 * It holds the chain lock and the projection lock throughout, so ingest and the live projection pause
 * and the comparison is exact; both resume where they stopped (the stream keeps the events meanwhile).
 */
export async function rebuildProjections(
  dataSource: DataSource,
  upcasters: UpcasterRegistry,
  onProgress: (p: RebuildProgress) => void = () => undefined,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const started = performance.now();
  const chunk = options.chunk ?? 2_000;
  const cacheLimit = options.cacheLimit ?? 50_000;
  const writeBatch = options.writeBatch ?? 2_000;
  const runner = dataSource.createQueryRunner();
  // A second connection: reads the next chunk of the log, and shares the writing out.
  const reader = dataSource.createQueryRunner();
  await runner.connect();
  await reader.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(${CHAIN_LOCK})`);
    await runner.query(`SELECT pg_advisory_lock(${PROJECTION_LOCK})`);
    const [head] = await runner.query(`SELECT coalesce(max(position), 0) AS p FROM audit.event_log`);
    const total = Number(head.p);
    const phaseMs = { catchUp: 0, fold: 0, write: 0, index: 0, compare: 0, swap: 0 };
    let mark = performance.now();
    const lap = (phase: keyof typeof phaseMs) => {
      const now = performance.now();
      phaseMs[phase] += Math.round(now - mark);
      mark = now;
    };
    await catchUpLive(runner, new LifecycleProjector('audit', upcasters), chunk, total, onProgress);
    lap('catchUp');

    for (const t of PROJECTION_TABLES) await runner.query(`DROP TABLE IF EXISTS audit.${t}${SUFFIX}`);
    for (const sql of projectionTableDdl('audit', SUFFIX, true)) await runner.query(sql);
    const projector = new LifecycleProjector('audit', upcasters, SUFFIX);
    // The new tables are empty: until the cache is first emptied, a miss is a new document.
    const cache = new ProjectionCache(true);
    const dirty = new Set<DocumentLifecycle>();
    const writers = [runner, reader];
    const readChunk = (after: number) =>
      reader.query(
        `SELECT position, content FROM audit.event_log WHERE position > $1 AND position <= $2 ORDER BY position`,
        [after, Math.min(after + chunk, total)],
      ) as Promise<Array<{ position: string; content: string }>>;
    onProgress({ phase: 'rebuilding', processed: 0, total });
    let cursor = 0;
    let writing = Promise.resolve();
    // The next chunk is requested before this one is folded, so reading and folding overlap.
    const reads: Array<Promise<Array<{ position: string; content: string }>>> = [];
    let requested = 0;
    const readAhead = () => {
      while (reads.length < READ_AHEAD && requested < total) {
        const read = readChunk(requested);
        read.catch(() => undefined); // awaited in turn; not unhandled if the rebuild stops first
        reads.push(read);
        requested = Math.min(requested + chunk, total);
      }
    };
    readAhead();
    while (reads.length) {
      const rows = await (reads.shift() as (typeof reads)[number]);
      readAhead();
      const upTo = Math.min(cursor + chunk, total);
      await projector.fold(
        runner,
        rows.map((r) => ({ position: Number(r.position), event: JSON.parse(r.content) as EventEnvelope })),
        cache,
        dirty,
      );
      cursor = upTo;
      if (cache.docs.size > cacheLimit) {
        // Lifecycles untouched by this chunk are written out in the background while folding goes
        // on, and dropped from memory; one touched again later is loaded after that write.
        const chunkStart = upTo - chunk;
        const cold = [...cache.docs.values()].filter((d) => d.lastPosition <= chunkStart);
        const coldDirty = cold.filter((d) => dirty.delete(d));
        writing = writing.then(() => writeOut(projector, [runner], coldDirty, writeBatch));
        writing.catch(() => undefined); // a failure surfaces at the `await writing` below
        cache.evict(cold, writing);
      }
      onProgress({ phase: 'rebuilding', processed: cursor, total });
    }
    await writing;
    lap('fold');
    await writeOut(projector, writers, [...dirty], writeBatch);
    dirty.clear();
    lap('write');

    onProgress({ phase: 'indexing', processed: total, total });
    await runner.query(`SET maintenance_work_mem = '256MB'`);
    for (const sql of projectionIndexDdl('audit', SUFFIX)) await runner.query(sql);
    await runner.query(`RESET maintenance_work_mem`);
    lap('index');
    onProgress({ phase: 'comparing', processed: total, total });
    const [live, rebuilt] = await Promise.all([
      projectionChecksum(runner, ''),
      projectionChecksum(reader, SUFFIX),
    ]);
    lap('compare');
    onProgress({ phase: 'swapping', processed: total, total });
    for (const t of PROJECTION_TABLES) await runner.query(`ALTER TABLE audit.${t}${SUFFIX} SET LOGGED`);
    await swapIn(runner);
    lap('swap');
    const durationMs = performance.now() - started;
    onProgress({ phase: 'done', processed: total, total });
    return {
      events: total,
      upToPosition: total,
      live,
      rebuilt,
      identical: live.checksum === rebuilt.checksum,
      durationMs: Math.round(durationMs),
      eventsPerSecond: Math.round(total / (durationMs / 1000)),
      phaseMs,
    };
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(${PROJECTION_LOCK})`).catch(() => undefined);
    await runner.query(`SELECT pg_advisory_unlock(${CHAIN_LOCK})`).catch(() => undefined);
    await reader.release();
    await runner.release();
  }
}

/**
 * Brings the live projection up to the head of the log before it is compared (the live projection
 * loop may trail the log by a few batches).
 */
async function catchUpLive(
  runner: QueryRunner,
  projector: LifecycleProjector,
  chunk: number,
  total: number,
  onProgress: (p: RebuildProgress) => void,
): Promise<void> {
  for (;;) {
    await runner.startTransaction();
    let projected: number;
    try {
      projected = await projectPending(runner, projector, chunk);
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
    if (projected === 0) return;
    onProgress({ phase: 'catching-up', processed: projected, total });
  }
}

/** Writes `docs`, `batch` per statement, over the given connections in parallel. */
async function writeOut(
  projector: LifecycleProjector,
  writers: Queryable[],
  docs: DocumentLifecycle[],
  batch: number,
): Promise<void> {
  let next = 0;
  await Promise.all(
    writers.map(async (db) => {
      while (next < docs.length) {
        const slice = docs.slice(next, next + batch);
        next += batch;
        await projector.write(db, slice);
      }
    }),
  );
}

/** Drops the live projection tables and renames the rebuilt ones (and their indexes) in their place. */
async function swapIn(runner: QueryRunner): Promise<void> {
  await runner.startTransaction();
  try {
    for (const t of PROJECTION_TABLES) {
      await runner.query(`DROP TABLE audit.${t}`);
      await runner.query(`ALTER TABLE audit.${t}${SUFFIX} RENAME TO ${t}`);
      await runner.query(`ALTER TABLE audit.${t} RENAME CONSTRAINT ${t}${SUFFIX}_pkey TO ${t}_pkey`);
    }
    for (const i of PROJECTION_INDEXES) await runner.query(`ALTER INDEX audit.${i}${SUFFIX} RENAME TO ${i}`);
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  }
}

/** Checksum of the projection tables with `suffix`: equal checksums mean equal rows, column for column. */
export async function projectionChecksum(db: Queryable, suffix = ''): Promise<ProjectionChecksum> {
  const [l] = (await db.query(
    `SELECT count(*)::int AS n, coalesce(md5(string_agg(md5(t::text), '' ORDER BY t.document_id)), '') AS h
     FROM audit.lifecycle${suffix} t`,
  )) as Array<{ n: number; h: string }>;
  const [r] = (await db.query(
    `SELECT count(*)::int AS n,
       coalesce(md5(string_agg(md5(t::text), '' ORDER BY t.document_id, t.recipient_code)), '') AS h
     FROM audit.recipient_lifecycle${suffix} t`,
  )) as Array<{ n: number; h: string }>;
  return { documents: l.n, recipients: r.n, checksum: `${l.h}:${r.h}` };
}

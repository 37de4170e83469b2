import { DataSource, QueryRunner } from 'typeorm';
import { EventEnvelope, UpcasterRegistry } from '@lt/contracts';
import { CHAIN_LOCK } from '../event-log/event-log.appender';
import { LifecycleProjector, ProjectionCache, Queryable } from '../lifecycle/lifecycle-projector';
import {
  createProjectionTables,
  PROJECTION_INDEXES,
  PROJECTION_TABLES,
} from '../lifecycle/projection-tables';

export interface RebuildProgress {
  phase: 'rebuilding' | 'comparing' | 'swapping' | 'done';
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
}

export interface RebuildOptions {
  /** Log rows read and applied per step. */
  chunk?: number;
  /** Lifecycles kept in memory between steps before the cache is emptied. */
  cacheLimit?: number;
}

const SUFFIX = '_rebuild';

/**
 * Rebuilds every lifecycle projection from the audit log alone: fills fresh tables from position 1 to
 * the head, compares their checksum with the live tables, then swaps them in (the log is the truth: if
 * they differ, for instance after an upcaster was added, the rebuilt tables win and the report says so).
 *
 * It holds the chain lock throughout, so ingest pauses and the comparison is exact; ingest resumes
 * where it stopped (the stream keeps the events meanwhile).
 */
export async function rebuildProjections(
  dataSource: DataSource,
  upcasters: UpcasterRegistry,
  onProgress: (p: RebuildProgress) => void = () => undefined,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const started = performance.now();
  const chunk = options.chunk ?? 10_000;
  const cacheLimit = options.cacheLimit ?? 300_000;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(${CHAIN_LOCK})`);
    for (const t of PROJECTION_TABLES) await runner.query(`DROP TABLE IF EXISTS audit.${t}${SUFFIX}`);
    for (const sql of createProjectionTables('audit', SUFFIX)) await runner.query(sql);
    const [head] = await runner.query(`SELECT coalesce(max(position), 0) AS p FROM audit.event_log`);
    const total = Number(head.p);
    const projector = new LifecycleProjector('audit', upcasters, SUFFIX);
    const cache = new ProjectionCache();
    let cursor = 0;
    onProgress({ phase: 'rebuilding', processed: 0, total });
    while (cursor < total) {
      const rows: Array<{ position: string; content: string }> = await runner.query(
        `SELECT position, content FROM audit.event_log WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3`,
        [cursor, total, chunk],
      );
      if (rows.length === 0) break;
      await runner.startTransaction();
      try {
        await projector.apply(
          runner,
          rows.map((r) => ({ position: Number(r.position), event: JSON.parse(r.content) as EventEnvelope })),
          cache,
        );
        await runner.commitTransaction();
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      }
      cursor = Number(rows[rows.length - 1].position);
      if (cache.docs.size > cacheLimit) cache.clear();
      onProgress({ phase: 'rebuilding', processed: cursor, total });
    }
    onProgress({ phase: 'comparing', processed: total, total });
    const live = await projectionChecksum(runner, '');
    const rebuilt = await projectionChecksum(runner, SUFFIX);
    onProgress({ phase: 'swapping', processed: total, total });
    await swapIn(runner);
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
    };
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(${CHAIN_LOCK})`).catch(() => undefined);
    await runner.release();
  }
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

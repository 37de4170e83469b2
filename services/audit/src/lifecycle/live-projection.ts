import { DataSource } from 'typeorm';
import { EventEnvelope } from '@lt/contracts';
import { LifecycleProjector, LoggedEvent, Queryable } from './lifecycle-projector';

/**
 * Key of the advisory lock that makes the live projection single-writer: the projection loop, an
 * inline append (replay, tests) and a rebuild all take it, so the watermark moves in one place only.
 */
export const PROJECTION_LOCK = `hashtext('lt-audit-projection')`;

/** The live projection's watermark: the last log position whose event is in the lifecycle tables. */
export async function projectedPosition(db: Queryable): Promise<number> {
  const [row] = (await db.query(
    `SELECT position FROM audit.projection_position WHERE projection = 'lifecycle'`,
  )) as Array<{ position: string }>;
  return row ? Number(row.position) : 0;
}

/** Moves the watermark (inside the transaction that wrote the projection up to `position`). */
export async function setProjectedPosition(db: Queryable, position: number): Promise<void> {
  await db.query(
    `INSERT INTO audit.projection_position (projection, position) VALUES ('lifecycle', $1)
     ON CONFLICT (projection) DO UPDATE SET position = EXCLUDED.position`,
    [position],
  );
}

/** Log rows after `after`, at most `limit`, in log order, as the projection reads them. */
export async function logRowsAfter(db: Queryable, after: number, limit: number): Promise<LoggedEvent[]> {
  const rows = (await db.query(
    `SELECT position, content FROM audit.event_log WHERE position > $1 ORDER BY position LIMIT $2`,
    [after, limit],
  )) as Array<{ position: string; content: string }>;
  return rows.map((r) => ({ position: Number(r.position), event: JSON.parse(r.content) as EventEnvelope }));
}

/**
 * Projects the log rows after the watermark (at most `limit`) and moves the watermark, in the caller's
 * transaction: the lifecycle writes and the new watermark commit together, so each log row is
 * projected exactly once whatever crashes in between.
 * @returns how many log rows were projected (0: the projection is at the head of the log)
 */
export async function projectPending(
  db: Queryable,
  projector: LifecycleProjector,
  limit: number,
): Promise<number> {
  await db.query(`SELECT pg_advisory_xact_lock(${PROJECTION_LOCK})`);
  const from = await projectedPosition(db);
  const rows = await logRowsAfter(db, from, limit);
  if (rows.length === 0) return 0;
  await projector.apply(db, rows);
  await setProjectedPosition(db, rows[rows.length - 1].position);
  return rows.length;
}

export interface ProjectionLogger {
  error(message: string): void;
}

/**
 * The live projection loop: follows the audit log by position, a transaction per step of `batchSize`
 * rows, so the lifecycle tables trail the log by at most a few batches while the append transaction
 * carries no projection work (ADR 0007). `nudge()` wakes it at once after an append; otherwise it
 * polls every `idleMs`.
 */
export class LiveProjectionWorker {
  private stopped = false;
  private running?: Promise<void>;
  private wake?: () => void;
  private nudged = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly projector: LifecycleProjector,
    private readonly options: { batchSize: number; idleMs: number },
    private readonly logger: ProjectionLogger,
  ) {}

  start(): void {
    this.running = this.loop();
  }

  /** Says the log grew: the loop runs now instead of at its next poll. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /** Stops after the step in hand commits. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        this.nudged = false;
        const projected = await this.dataSource.transaction((m) =>
          projectPending(m, this.projector, this.options.batchSize),
        );
        failures = 0;
        if (projected > 0 || this.nudged) continue;
        await this.sleep(this.options.idleMs);
      } catch (error) {
        if (this.stopped) return;
        failures += 1;
        const delay = Math.min(30_000, 200 * 2 ** Math.min(failures, 8));
        this.logger.error(
          `audit projection failed (${failures}), retry in ${delay} ms: ${(error as Error).message}`,
        );
        await this.sleep(delay);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).then(() => {
      this.wake = undefined;
    });
  }
}

import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AUDIT_CHECKPOINT_RECORDED, createEvent } from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';
import { InjectServiceConfig } from '@lt/runtime';
import { AuditConfig } from '../audit.config';
import { CHAIN_LOCK } from '../event-log/event-log.appender';

export interface Checkpoint {
  position: number;
  headHash: string;
  rowCount: number;
  recordedAt: string;
  eventId: string;
}

/**
 * Every AUDIT_CHECKPOINT_INTERVAL_MS, when the log grew, stores the chain head and publishes it as an
 * `audit.checkpoint-recorded` event: a copy outside the audit database (the stream, other consumers)
 * against which a later truncation or wholesale rewrite shows. The checkpoint event itself lands in the
 * log; growth made only of checkpoint events does not cause another checkpoint.
 */
@Injectable()
export class CheckpointRecorder implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('CheckpointRecorder');

  constructor(
    private readonly outbox: TransactionalOutbox,
    @InjectServiceConfig() private readonly config: AuditConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.record().catch((error) => this.logger.error(`checkpoint failed: ${(error as Error).message}`));
    }, this.config.AUDIT_CHECKPOINT_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Records a checkpoint now if the log grew since the last one; returns it, or null. */
  async record(): Promise<Checkpoint | null> {
    return this.outbox.commit(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
      const [head] = await m.query(
        `SELECT position, hash FROM audit.event_log ORDER BY position DESC LIMIT 1`,
      );
      if (!head) return { result: null, events: [] };
      const [last] = await m.query(`SELECT position FROM audit.checkpoint ORDER BY position DESC LIMIT 1`);
      const since = last ? Number(last.position) : 0;
      const [grew] = await m.query(
        `SELECT 1 FROM audit.event_log WHERE position > $1 AND type <> $2 LIMIT 1`,
        [since, AUDIT_CHECKPOINT_RECORDED],
      );
      if (!grew) return { result: null, events: [] };
      const recordedAt = new Date().toISOString();
      const position = Number(head.position);
      const event = createEvent({
        type: AUDIT_CHECKPOINT_RECORDED,
        aggregate: { type: 'audit', id: 'event-log' },
        correlationId: 'audit-event-log',
        actor: 'audit',
        data: { position, headHash: head.hash, rowCount: position, recordedAt },
      });
      await m.query(
        `INSERT INTO audit.checkpoint (position, head_hash, row_count, event_id, recorded_at) VALUES ($1, $2, $3, $4, $5)`,
        [position, head.hash, position, event.id, recordedAt],
      );
      const checkpoint: Checkpoint = {
        position,
        headHash: head.hash,
        rowCount: position,
        recordedAt,
        eventId: event.id,
      };
      return { result: checkpoint, events: [event] };
    });
  }
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { NatsConnection } from '@nats-io/transport-node';
import { DataSource, QueryRunner } from 'typeorm';
import { MESSAGING_OPTIONS, MessagingOptions, NATS_CONNECTION } from '@lt/messaging';
import { HealthRegistry } from '@lt/observability';
import { InjectServiceConfig } from '@lt/runtime';
import { AuditConfig } from '../audit.config';
import { EventLogAppender } from './event-log.appender';
import { StreamIngestor } from './stream-ingestor';
import { LifecycleProjector } from '../lifecycle/lifecycle-projector';
import { LiveProjectionWorker } from '../lifecycle/live-projection';

/** Durable consumer name of the audit log's ingest. */
export const INGEST_DURABLE = 'audit__log';

/**
 * Runs the stream ingest and the live lifecycle projection in one replica at a time: the replica
 * holding the session advisory lock `lt-audit-ingest` runs both; others retry every few seconds and
 * take over if it dies. One reader keeps the log in stream order; the projection follows the log by
 * position in its own transactions (ADR 0007).
 */
@Injectable()
export class IngestService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditIngest');
  private ingestor?: StreamIngestor;
  private projection?: LiveProjectionWorker;
  private lockHolder?: QueryRunner;
  private retry?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly messaging: MessagingOptions,
    private readonly dataSource: DataSource,
    private readonly appender: EventLogAppender,
    private readonly projector: LifecycleProjector,
    private readonly health: HealthRegistry,
    @InjectServiceConfig() private readonly config: AuditConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.health.register('audit-ingest', () => {
      if (!this.ingestor && !this.retry) throw new Error('ingest not running');
    });
    await this.tryLead();
  }

  private async tryLead(): Promise<void> {
    if (this.stopping) return;
    this.retry = undefined;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const [row] = await runner.query(`SELECT pg_try_advisory_lock(hashtext('lt-audit-ingest')) AS ok`);
    if (!row.ok) {
      await runner.release();
      this.retry = setTimeout(() => void this.tryLead().catch((e) => this.logger.error(String(e))), 5_000);
      this.retry.unref();
      return;
    }
    this.lockHolder = runner;
    const projection = new LiveProjectionWorker(
      this.dataSource,
      this.projector,
      { batchSize: this.config.AUDIT_PROJECTION_BATCH, idleMs: this.config.AUDIT_PROJECTION_POLL_MS },
      this.logger,
    );
    this.projection = projection;
    projection.start();
    this.ingestor = new StreamIngestor(
      this.nc,
      this.messaging,
      this.appender,
      {
        batchSize: this.config.AUDIT_INGEST_BATCH,
        durable: INGEST_DURABLE,
        onAppended: () => projection.nudge(),
      },
      this.logger,
    );
    await this.ingestor.start();
  }

  /** Last stream sequence this replica appended (0 when it is not the ingesting replica). */
  lastSequence(): number {
    return this.ingestor?.lastSequence ?? 0;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retry);
    await this.ingestor?.stop();
    await this.projection?.stop();
    if (this.lockHolder) {
      await this.lockHolder
        .query(`SELECT pg_advisory_unlock(hashtext('lt-audit-ingest'))`)
        .catch(() => undefined);
      await this.lockHolder.release();
    }
  }
}

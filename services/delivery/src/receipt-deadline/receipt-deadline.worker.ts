import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEnvelope } from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';
import { InjectServiceConfig } from '@lt/runtime';
import { DeliveryConfig } from '../delivery.config';
import { deliveryEvent, deliveryRef } from '../deliveries/delivery-events';
import { DeliveryRow, T } from '../deliveries/delivery-row';
import { rowsOf } from '../deliveries/sql-rows';

const SWEEP_BATCH = 500;

/**
 * Decree 30/2020: recipients confirm receipt the same day. Every RECEIPT_SWEEP_INTERVAL_MS, document
 * deliveries past their receipt deadline whose recipient has sent no confirming status (01/03) are
 * marked and `delivery.receipt-overdue` is emitted, once per delivery (rows claimed with SKIP LOCKED,
 * so replicas share the work).
 */
@Injectable()
export class ReceiptDeadlineWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ReceiptDeadlineWorker');
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;

  constructor(
    private readonly outbox: TransactionalOutbox,
    @InjectServiceConfig() private readonly config: DeliveryConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = this.sweep()
        .catch((error) => this.logger.error(`receipt sweep failed: ${(error as Error).message}`))
        .finally(() => (this.sweeping = undefined));
    }, this.config.RECEIPT_SWEEP_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** Marks one batch of overdue receipts. @returns how many were found overdue */
  async sweep(): Promise<number> {
    return this.outbox.commit(async (manager) => {
      const rows = rowsOf<DeliveryRow>(
        await manager.query(
          `UPDATE ${T.delivery} d SET receipt_overdue_at = clock_timestamp(), updated_at = clock_timestamp()
         WHERE d.id IN (
           SELECT x.id FROM ${T.delivery} x
           WHERE x.receipt_overdue_at IS NULL AND x.receipt_due_at <= clock_timestamp() AND x.kind = 'edoc'
             AND NOT EXISTS (SELECT 1 FROM ${T.receipt} r
                             WHERE r.document_id = x.document_id AND r.agency_code = x.recipient_code)
           ORDER BY x.receipt_due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING d.*`,
          [SWEEP_BATCH],
        ),
      );
      const events: EventEnvelope[] = rows.map((row) =>
        deliveryEvent(row, 'delivery.receipt-overdue', '', {
          ...deliveryRef(row),
          deadline: new Date(row.receipt_due_at as Date).toISOString(),
        }),
      );
      return { result: rows.length, events };
    });
  }
}

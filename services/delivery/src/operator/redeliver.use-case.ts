import { Injectable } from '@nestjs/common';
import { EventEnvelope } from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';
import { deliveryEvent, deliveryRef } from '../deliveries/delivery-events';
import { DeliveryRow, T } from '../deliveries/delivery-row';
import { PushWorker } from '../push/push-worker';
import { rowsOf } from '../deliveries/sql-rows';

export interface RedeliverResult {
  redelivered: string[];
  /** Ids not redelivered: unknown, or being pushed right now. */
  skipped: Array<{ deliveryId: string; reason: 'not-found' | 'in-flight' }>;
}

/**
 * An operator's redelivery: a push delivery is due again at once with a fresh maximum age (attempt
 * numbers continue, so the history stays whole); a pull delivery goes back into the inbox, visible.
 * Emits `delivery.redelivery-requested` naming the operator.
 */
@Injectable()
export class RedeliverUseCase {
  constructor(
    private readonly outbox: TransactionalOutbox,
    private readonly worker: PushWorker,
  ) {}

  async execute(deliveryIds: string[], requestedBy: string, reason?: string): Promise<RedeliverResult> {
    const result = await this.outbox.commit(async (manager) => {
      const rows: DeliveryRow[] = await manager.query(
        `SELECT * FROM ${T.delivery} WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
        [deliveryIds],
      );
      const found = new Map(rows.map((r) => [r.id, r]));
      const outcome: RedeliverResult = { redelivered: [], skipped: [] };
      const events: EventEnvelope[] = [];
      for (const id of deliveryIds) {
        const row = found.get(id);
        if (!row) outcome.skipped.push({ deliveryId: id, reason: 'not-found' });
        else if (row.state === 'pushing') outcome.skipped.push({ deliveryId: id, reason: 'in-flight' });
        else {
          const [updated] = rowsOf<DeliveryRow>(
            await manager.query(
              row.mode === 'push'
                ? `UPDATE ${T.delivery} SET state = 'retrying', next_attempt_at = clock_timestamp(), lease_until = NULL,
                   age_from = clock_timestamp(), dead_lettered_at = NULL, delivered_at = NULL,
                   redeliveries = redeliveries + 1, updated_at = clock_timestamp()
                 WHERE id = $1 RETURNING *`
                : `UPDATE ${T.delivery} SET state = 'waiting-in-inbox', visible_again_at = NULL, delivered_at = clock_timestamp(),
                   acknowledged_at = NULL, ack_outcome = NULL, ack_reason = NULL, dead_lettered_at = NULL,
                   age_from = clock_timestamp(), redeliveries = redeliveries + 1, updated_at = clock_timestamp()
                 WHERE id = $1 RETURNING *`,
              [id],
            ),
          );
          outcome.redelivered.push(id);
          const ref = deliveryRef(updated);
          events.push(
            deliveryEvent(
              updated,
              'delivery.redelivery-requested',
              String(updated.redeliveries),
              { ...ref, requestedBy, ...(reason ? { reason } : {}) },
              requestedBy,
            ),
          );
          if (updated.mode === 'pull') {
            events.push(
              deliveryEvent(updated, 'delivery.delivered', `r${updated.redeliveries}`, {
                ...ref,
                mode: 'pull',
                attempt: updated.redeliveries + 1,
              }),
            );
          }
        }
      }
      return { result: outcome, events };
    });
    if (result.redelivered.length) this.worker.wake();
    return result;
  }
}

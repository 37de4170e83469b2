import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { DocumentRoutedV1, EventEnvelope, StatusRoutedV1 } from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';
import { PushWorker } from '../push/push-worker';
import { QueueDeliveriesUseCase, QueuedDeliveries } from './queue-deliveries.use-case';

/** The consumer name under which delivery records the events it has applied. */
export const CONSUMER = 'delivery';

/**
 * Routed events handled at once per lane. Each lane has its own durable consumer, so the urgent lane's
 * handlers are never busy with normal work: a hỏa tốc document is queued while a normal backlog of
 * thousands is still being read from the other lane. Each handler holds a database connection for its
 * transaction: four per lane queue thousands of deliveries a second (one multi-row insert per event)
 * and leave the pool room for the urgent lane, the push worker's claims and its outcome recording.
 */
const NORMAL_LANE_CONCURRENCY = 4;
const URGENT_LANE_CONCURRENCY = 4;

/**
 * Turns routing's decisions into deliveries: one per (document, recipient) on `document.routed`, one
 * per (status, recipient) on `status.routed`. A status from a document's recipient also confirms (or
 * not) that recipient's receipt. Both types are read on two lanes (`#urgent`: priority ≥ 2, `#normal`),
 * see libs/contracts event-lanes.ts; the handling is the same, only the queue differs.
 */
@Controller()
export class QueueDeliveriesEventController {
  constructor(
    private readonly outbox: TransactionalOutbox,
    private readonly queue: QueueDeliveriesUseCase,
    private readonly worker: PushWorker,
  ) {}

  @EventPattern('document.routed#urgent', { concurrency: URGENT_LANE_CONCURRENCY })
  onUrgentDocumentRouted(
    @Payload() event: EventEnvelope<'document.routed', DocumentRoutedV1>,
  ): Promise<void> {
    return this.documentRouted(event);
  }

  @EventPattern('document.routed#normal', { concurrency: NORMAL_LANE_CONCURRENCY })
  onNormalDocumentRouted(
    @Payload() event: EventEnvelope<'document.routed', DocumentRoutedV1>,
  ): Promise<void> {
    return this.documentRouted(event);
  }

  @EventPattern('status.routed#urgent', { concurrency: URGENT_LANE_CONCURRENCY })
  onUrgentStatusRouted(@Payload() event: EventEnvelope<'status.routed', StatusRoutedV1>): Promise<void> {
    return this.statusRouted(event);
  }

  @EventPattern('status.routed#normal', { concurrency: NORMAL_LANE_CONCURRENCY })
  onNormalStatusRouted(@Payload() event: EventEnvelope<'status.routed', StatusRoutedV1>): Promise<void> {
    return this.statusRouted(event);
  }

  private async documentRouted(event: EventEnvelope<'document.routed', DocumentRoutedV1>): Promise<void> {
    await this.outbox.handleOnce(CONSUMER, event, async (manager) => {
      const queued = await this.queue.queueDocument(manager, event);
      this.wakeOnCommit(manager, queued);
      return queued.events;
    });
  }

  private async statusRouted(event: EventEnvelope<'status.routed', StatusRoutedV1>): Promise<void> {
    await this.outbox.handleOnce(CONSUMER, event, async (manager) => {
      await this.queue.recordStatusForReceipt(manager, event.data);
      const queued = await this.queue.queueStatus(manager, event);
      this.wakeOnCommit(manager, queued);
      return queued.events;
    });
  }

  /**
   * New push work is claimed as soon as its transaction commits (not after its events are published);
   * urgent work also in the worker's reserved urgent slots.
   */
  private wakeOnCommit(manager: EntityManager, queued: QueuedDeliveries): void {
    if (queued.pushes > 0) this.worker.wakeAfterCommit(manager, queued.urgentPushes > 0);
  }
}

import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DocumentRoutedV1, EventEnvelope, StatusRoutedV1 } from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';
import { PushWorker } from '../push/push-worker';
import { QueueDeliveriesUseCase, QueuedDeliveries } from './queue-deliveries.use-case';

/** The consumer name under which delivery records the events it has applied. */
export const CONSUMER = 'delivery';

/**
 * Routed events handled at once per lane. Each lane has its own durable consumer, so the urgent lane's
 * handlers are never busy with normal work: a hỏa tốc document is queued while a normal backlog of
 * thousands is still being read from the other lane.
 */
const NORMAL_LANE_CONCURRENCY = 8;
const URGENT_LANE_CONCURRENCY = 8;

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
    let queued: QueuedDeliveries | undefined;
    await this.outbox.handleOnce(CONSUMER, event, async (manager) => {
      queued = await this.queue.queueDocument(manager, event);
      return queued.events;
    });
    this.wakeFor(queued);
  }

  private async statusRouted(event: EventEnvelope<'status.routed', StatusRoutedV1>): Promise<void> {
    let queued: QueuedDeliveries | undefined;
    await this.outbox.handleOnce(CONSUMER, event, async (manager) => {
      await this.queue.recordStatusForReceipt(manager, event.data);
      queued = await this.queue.queueStatus(manager, event);
      return queued.events;
    });
    this.wakeFor(queued);
  }

  /** New push work is claimed at once; urgent work also in the worker's reserved urgent slots. */
  private wakeFor(queued: QueuedDeliveries | undefined): void {
    if (!queued || queued.pushes === 0) return;
    this.worker.wake(queued.urgentPushes > 0);
  }
}

import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DocumentRoutedV1, EventEnvelope, StatusRoutedV1 } from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';
import { PushWorker } from '../push/push-worker';
import { QueueDeliveriesUseCase } from './queue-deliveries.use-case';

/** The consumer name under which delivery records the events it has applied. */
export const CONSUMER = 'delivery';

/**
 * Turns routing's decisions into deliveries: one per (document, recipient) on `document.routed`, one
 * per (status, recipient) on `status.routed`. A status from a document's recipient also confirms (or
 * not) that recipient's receipt.
 */
@Controller()
export class QueueDeliveriesEventController {
  constructor(
    private readonly outbox: TransactionalOutbox,
    private readonly queue: QueueDeliveriesUseCase,
    private readonly worker: PushWorker,
  ) {}

  @EventPattern('document.routed', { concurrency: 8 })
  async onDocumentRouted(
    @Payload() event: EventEnvelope<'document.routed', DocumentRoutedV1>,
  ): Promise<void> {
    let pushes = 0;
    await this.outbox.handleOnce(CONSUMER, event, async (manager) => {
      const queued = await this.queue.queueDocument(manager, event);
      pushes = queued.pushes;
      return queued.events;
    });
    if (pushes > 0) this.worker.wake();
  }

  @EventPattern('status.routed', { concurrency: 8 })
  async onStatusRouted(@Payload() event: EventEnvelope<'status.routed', StatusRoutedV1>): Promise<void> {
    let pushes = 0;
    await this.outbox.handleOnce(CONSUMER, event, async (manager) => {
      await this.queue.recordStatusForReceipt(manager, event.data);
      const queued = await this.queue.queueStatus(manager, event);
      pushes = queued.pushes;
      return queued.events;
    });
    if (pushes > 0) this.worker.wake();
  }
}

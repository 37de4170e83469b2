import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { createFollowUpEvent, deriveEventId, DocumentRoutedV1, EventEnvelope } from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';

const CONSUMER = 'delivery';

/**
 * One delivery per (document, recipient). Pull recipients find the document in their inbox at once,
 * so for them queued and delivered happen together; push comes with the delivery workers.
 */
@Controller()
export class QueueDeliveriesEventController {
  constructor(private readonly outbox: TransactionalOutbox) {}

  @EventPattern('document.routed', { concurrency: 8 })
  async onDocumentRouted(
    @Payload() event: EventEnvelope<'document.routed', DocumentRoutedV1>,
  ): Promise<void> {
    const d = event.data;
    await this.outbox.handleOnce(CONSUMER, event, async (manager) => {
      const events = [];
      for (const recipient of d.recipients) {
        const deliveryId = deriveEventId(event.id, 'delivery', recipient.agencyCode);
        await manager.query(
          `INSERT INTO delivery.delivery (id, document_id, recipient_code, mode, priority, state, blob_sha256)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [
            deliveryId,
            d.documentId,
            recipient.agencyCode,
            recipient.delivery,
            d.priority,
            'waiting-in-inbox',
            d.blob.sha256,
          ],
        );
        const base = { deliveryId, documentId: d.documentId, recipientCode: recipient.agencyCode };
        events.push(
          createFollowUpEvent(event, {
            type: 'delivery.queued',
            aggregate: { type: 'delivery', id: deliveryId },
            actor: CONSUMER,
            discriminator: recipient.agencyCode,
            data: { ...base, mode: recipient.delivery, priority: d.priority },
          }),
          createFollowUpEvent(event, {
            type: 'delivery.delivered',
            aggregate: { type: 'delivery', id: deliveryId },
            actor: CONSUMER,
            discriminator: recipient.agencyCode,
            data: { ...base, mode: 'pull', attempt: 1 },
          }),
        );
      }
      return events;
    });
  }
}

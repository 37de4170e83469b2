import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { createFollowUpEvent, DocumentSignatureVerifiedV1, EventEnvelope } from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';

const CONSUMER = 'routing';

/** Turns a verified document into a routing decision: who receives it, and how. */
@Controller()
export class RouteDocumentEventController {
  constructor(private readonly outbox: TransactionalOutbox) {}

  @EventPattern('document.signature-verified', { concurrency: 8 })
  async onSignatureVerified(
    @Payload() event: EventEnvelope<'document.signature-verified', DocumentSignatureVerifiedV1>,
  ): Promise<void> {
    const d = event.data;
    await this.outbox.handleOnce(CONSUMER, event, async () => [
      createFollowUpEvent(event, {
        type: 'document.routed',
        aggregate: event.aggregate,
        actor: CONSUMER,
        data: {
          documentId: d.documentId,
          senderCode: d.senderCode,
          priority: d.header.priority ?? 0,
          blob: d.blob,
          recipients: d.recipientCodes.map((agencyCode) => ({ agencyCode, delivery: 'pull' as const })),
        },
      }),
    ]);
  }
}

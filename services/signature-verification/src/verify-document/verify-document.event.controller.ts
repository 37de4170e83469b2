import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { createFollowUpEvent, EventEnvelope, DocumentSubmittedV1 } from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';

const CONSUMER = 'signature-verification';

/** Gives every submitted document exactly one signature verdict. */
@Controller()
export class VerifyDocumentEventController {
  constructor(private readonly outbox: TransactionalOutbox) {}

  @EventPattern('document.submitted', { concurrency: 8 })
  async onDocumentSubmitted(
    @Payload() event: EventEnvelope<'document.submitted', DocumentSubmittedV1>,
  ): Promise<void> {
    const d = event.data;
    await this.outbox.handleOnce(CONSUMER, event, async () => [
      createFollowUpEvent(event, {
        type: 'document.signature-verified',
        aggregate: event.aggregate,
        actor: CONSUMER,
        data: {
          documentId: d.documentId,
          senderCode: d.senderCode,
          recipientCodes: d.recipientCodes,
          blob: d.blob,
          header: d.header,
          evidence: { policy: 'off', skippedBecause: 'signature policy off' },
        },
      }),
    ]);
  }
}

import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  createFollowUpEvent,
  DocumentSignatureRejectedV1,
  DocumentSignatureVerifiedV1,
  EventEnvelope,
} from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';
import { DirectoryCache } from '../directory/directory-cache';
import { vietnamToday } from '../directory/calendar';
import { SeedDirectory } from '../directory-import/seed-directory';
import { ROUTING_ACTOR, RouteDocumentUseCase } from './route-document.use-case';

const CONSUMER = 'routing';

/** Turns a signature verdict into a routing decision: who receives the document, and how. */
@Controller()
export class RouteDocumentEventController {
  constructor(
    private readonly outbox: TransactionalOutbox,
    private readonly routing: RouteDocumentUseCase,
    private readonly directory: DirectoryCache,
    private readonly seed: SeedDirectory,
  ) {}

  @EventPattern('document.signature-verified', { concurrency: 8 })
  async onSignatureVerified(
    @Payload() event: EventEnvelope<'document.signature-verified', DocumentSignatureVerifiedV1>,
  ): Promise<void> {
    await this.seed.ready();
    await this.outbox.handleOnce(CONSUMER, event, (manager) =>
      this.routing.route(manager, event, event.data),
    );
  }

  /**
   * A rejected signature is routed all the same when the sender's policy in the directory is
   * `optional` (legacy senders); otherwise routing records that it will not route it.
   */
  @EventPattern('document.signature-rejected', { concurrency: 8 })
  async onSignatureRejected(
    @Payload() event: EventEnvelope<'document.signature-rejected', DocumentSignatureRejectedV1>,
  ): Promise<void> {
    await this.seed.ready();
    const d = event.data;
    await this.outbox.handleOnce(CONSUMER, event, async (manager) => {
      const directory = await this.directory.open(manager);
      const sender = (await directory.viewsAsOf([d.senderCode], vietnamToday())).get(d.senderCode);
      if (sender?.signaturePolicy === 'optional') return this.routing.route(manager, event, d);
      return [
        createFollowUpEvent(event, {
          type: 'document.routing-failed',
          aggregate: { type: 'document', id: d.documentId },
          actor: ROUTING_ACTOR,
          discriminator: 'document',
          data: {
            documentId: d.documentId,
            senderCode: d.senderCode,
            reason: 'SIGNATURE_REJECTED',
            detail: `signature rejected (${d.reason}) and the sender's policy is ${sender?.signaturePolicy ?? 'unknown'}, not optional`,
          },
        }),
      ];
    });
  }
}

import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  DOCUMENT_DELIVERY_STATE,
  DocumentDeliveryStateReply,
  DocumentDeliveryStateRequest,
  INBOX_ACK,
  INBOX_FETCH,
  INBOX_LIST,
  InboxAckReply,
  InboxAckRequest,
  InboxFetchReply,
  InboxFetchRequest,
  InboxListReply,
  InboxListRequest,
} from '@lt/contracts';
import { InboxUseCase } from './inbox.use-case';

/**
 * The inbox over NATS request-reply, for intake (which authenticates the agency and passes its code).
 * Failures come back with a code: INBOX_BAD_REQUEST, INBOX_ITEM_NOT_FOUND (also for another agency's
 * item: existence is not revealed), INBOX_ITEM_ACKNOWLEDGED, DOCUMENT_NOT_FOUND.
 */
@Controller()
export class InboxQueryController {
  constructor(private readonly inbox: InboxUseCase) {}

  /** `inbox.list`: one page of the agency's visible items and the cursor of the next page. */
  @MessagePattern(INBOX_LIST)
  list(@Payload() request: InboxListRequest): Promise<InboxListReply> {
    return this.inbox.list(request);
  }

  /** `inbox.fetch`: the item, hidden from the inbox until acknowledged or INBOX_VISIBILITY_TIMEOUT_MS. */
  @MessagePattern(INBOX_FETCH)
  fetch(@Payload() request: InboxFetchRequest): Promise<InboxFetchReply> {
    return this.inbox.fetch(request);
  }

  /** `inbox.ack`: done or fail (with a reason); the item leaves the inbox for good. */
  @MessagePattern(INBOX_ACK)
  ack(@Payload() request: InboxAckRequest): Promise<InboxAckReply> {
    return this.inbox.ack(request);
  }

  /** `documents.delivery-state`: per-recipient state; the sender sees all recipients, a recipient itself. */
  @MessagePattern(DOCUMENT_DELIVERY_STATE)
  deliveryState(@Payload() request: DocumentDeliveryStateRequest): Promise<DocumentDeliveryStateReply> {
    return this.inbox.deliveryState(request);
  }
}

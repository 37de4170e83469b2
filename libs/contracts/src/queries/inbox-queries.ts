import { BlobRef } from '../envelope/event-envelope';

/** Query names answered by delivery over NATS request-reply; intake forwards agencies' calls. */
export const INBOX_LIST = 'inbox.list' as const;
export const INBOX_FETCH = 'inbox.fetch' as const;
export const INBOX_ACK = 'inbox.ack' as const;
export const DOCUMENT_DELIVERY_STATE = 'documents.delivery-state' as const;

export type InboxItemType = 'edoc' | 'status';

export interface InboxItem {
  deliveryId: string;
  type: InboxItemType;
  documentId: string;
  statusId?: string;
  senderCode: string;
  priority: number;
  blob: BlobRef;
  queuedAt: string;
  /** How many times it was fetched without an ack. */
  fetchCount: number;
}

export interface InboxListRequest {
  /** The authenticated caller: delivery answers only for this agency's inbox. */
  agencyCode: string;
  type?: InboxItemType;
  after?: string;
  limit?: number;
}
export interface InboxListReply {
  items: InboxItem[];
  nextCursor?: string;
}

export interface InboxFetchRequest {
  agencyCode: string;
  deliveryId: string;
}
/** The item (intake reads the bytes from the blob store by digest); the item is hidden until acked or timed out. */
export type InboxFetchReply = InboxItem & { visibleAgainAt: string };

export interface InboxAckRequest {
  agencyCode: string;
  deliveryId: string;
  outcome: 'done' | 'fail';
  reason?: string;
}
export interface InboxAckReply {
  deliveryId: string;
  state: 'acknowledged';
  outcome: 'done' | 'fail';
}

export interface DocumentDeliveryStateRequest {
  documentId: string;
  /** The caller: the sender sees every recipient, a recipient only itself. */
  agencyCode: string;
}
export interface DocumentDeliveryStateReply {
  documentId: string;
  recipients: Array<{
    agencyCode: string;
    state: string;
    deliveredAt?: string;
    acknowledgedAt?: string;
    latestStatusCode?: string;
  }>;
}

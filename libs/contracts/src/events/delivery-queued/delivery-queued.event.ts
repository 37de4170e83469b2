import { DeliveryMode } from '../document-routed/document-routed.event';

export const DELIVERY_QUEUED = 'delivery.queued' as const;

/** One delivery (a document or status to one recipient) entered the queue. */
export interface DeliveryQueuedV1 {
  deliveryId: string;
  documentId: string;
  /** Set for a status delivery. */
  statusId?: string;
  recipientCode: string;
  mode: DeliveryMode;
  priority: number;
}

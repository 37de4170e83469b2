export const DELIVERY_FETCHED = 'delivery.fetched' as const;

/** The recipient downloaded the package from its inbox (not yet acknowledged). */
export interface DeliveryFetchedV1 {
  deliveryId: string;
  documentId: string;
  /** Set for a status delivery. */
  statusId?: string;
  recipientCode: string;
  /** Until when the item stays hidden from the inbox waiting for an ack. */
  visibleAgainAt: string;
}

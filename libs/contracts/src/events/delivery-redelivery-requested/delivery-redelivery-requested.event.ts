export const DELIVERY_REDELIVERY_REQUESTED = 'delivery.redelivery-requested' as const;

/** An operator asked for a dead-lettered or stuck delivery to be tried again. */
export interface DeliveryRedeliveryRequestedV1 {
  deliveryId: string;
  documentId: string;
  /** Set for a status delivery. */
  statusId?: string;
  recipientCode: string;
  requestedBy: string;
  reason?: string;
}

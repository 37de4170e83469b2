export const DELIVERY_DELIVERED = 'delivery.delivered' as const;

/** The recipient has the package: pushed to its endpoint, or placed in its inbox. */
export interface DeliveryDeliveredV1 {
  deliveryId: string;
  documentId: string;
  statusId?: string;
  recipientCode: string;
  mode: 'push' | 'pull';
  attempt: number;
}

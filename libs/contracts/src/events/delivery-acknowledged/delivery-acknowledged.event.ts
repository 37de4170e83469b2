export const DELIVERY_ACKNOWLEDGED = 'delivery.acknowledged' as const;

/** The recipient's system acknowledged the transport (VXP updateStatus: done | fail). */
export interface DeliveryAcknowledgedV1 {
  deliveryId: string;
  documentId: string;
  /** Set for a status delivery. */
  statusId?: string;
  recipientCode: string;
  outcome: 'done' | 'fail';
  reason?: string;
}

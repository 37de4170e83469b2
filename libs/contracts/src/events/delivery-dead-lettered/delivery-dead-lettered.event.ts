export const DELIVERY_DEAD_LETTERED = 'delivery.dead-lettered' as const;

/** The hub gave up delivering; the sender is told and operators can redeliver. */
export interface DeliveryDeadLetteredV1 {
  deliveryId: string;
  documentId: string;
  /** Set for a status delivery. */
  statusId?: string;
  recipientCode: string;
  /** The agency that sent the document or status: the one to tell. */
  senderCode?: string;
  /** Why it was given up: the maximum age passed while retrying, or the agency has no push endpoint. */
  reason?: 'max-age' | 'no-endpoint';
  attempts: number;
  lastError: string;
}

export const DELIVERY_DEAD_LETTERED = 'delivery.dead-lettered' as const;

/** The hub gave up delivering; the sender is told and operators can redeliver. */
export interface DeliveryDeadLetteredV1 {
  deliveryId: string;
  documentId: string;
  recipientCode: string;
  attempts: number;
  lastError: string;
}

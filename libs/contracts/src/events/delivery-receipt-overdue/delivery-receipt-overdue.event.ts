export const DELIVERY_RECEIPT_OVERDUE = 'delivery.receipt-overdue' as const;

/** The recipient has not confirmed receipt (status 01 or 03) by the deadline (Decree 30/2020). */
export interface DeliveryReceiptOverdueV1 {
  deliveryId: string;
  documentId: string;
  recipientCode: string;
  deadline: string;
}

export const DELIVERY_ATTEMPT_FAILED = 'delivery.attempt-failed' as const;

export interface DeliveryAttemptFailedV1 {
  deliveryId: string;
  documentId: string;
  statusId?: string;
  recipientCode: string;
  attempt: number;
  errorClass: 'timeout' | 'connection' | 'http-4xx' | 'http-5xx' | 'circuit-open' | 'other';
  error: string;
  /** The endpoint's HTTP status, when it answered. */
  httpStatus?: number;
  /** When the next attempt is due; absent when this failure dead-lettered the delivery. */
  nextAttemptAt?: string;
}

export const DELIVERY_ATTEMPT_FAILED = 'delivery.attempt-failed' as const;

export interface DeliveryAttemptFailedV1 {
  deliveryId: string;
  documentId: string;
  recipientCode: string;
  attempt: number;
  errorClass: 'timeout' | 'connection' | 'http-4xx' | 'http-5xx' | 'circuit-open' | 'other';
  error: string;
  nextAttemptAt?: string;
}

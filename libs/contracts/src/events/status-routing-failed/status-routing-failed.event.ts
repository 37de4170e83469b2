export const STATUS_ROUTING_FAILED = 'status.routing-failed' as const;

export interface StatusRoutingFailedV1 {
  statusId: string;
  senderCode: string;
  reason: 'DOCUMENT_UNKNOWN' | 'NOT_A_RECIPIENT' | 'NOT_THE_SENDER';
  detail: string;
}

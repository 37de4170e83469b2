export const DOCUMENT_ROUTING_FAILED = 'document.routing-failed' as const;

export type RoutingFailureReason =
  | 'RECIPIENT_UNKNOWN'
  | 'RECIPIENT_SUSPENDED'
  | 'RECIPIENT_RETIRED'
  | 'SENDER_NOT_REGISTERED'
  | 'SENDER_SUSPENDED'
  | 'SENDER_RETIRED'
  | 'TARGET_DOCUMENT_UNKNOWN'
  | 'TARGET_DOCUMENT_NOT_OWNED'
  | 'SIGNATURE_REJECTED';

/** Routing could not route the document to one recipient (or, with no recipientCode, at all). */
export interface DocumentRoutingFailedV1 {
  documentId: string;
  senderCode: string;
  recipientCode?: string;
  reason: RoutingFailureReason;
  detail: string;
}

/**
 * The lifecycle of one hub document as an auditor reads it, derived only from the audit log (every
 * field comes from an event; nothing depends on the clock, so a rebuild yields the same bytes).
 */
export interface DocumentLifecycle {
  documentId: string;
  submitted?: {
    at: string;
    actor: string;
    senderCode: string;
    senderDocumentId?: string;
    recipientCodes: string[];
    blob?: { sha256: string; ref?: string; size?: number };
    header: Record<string, unknown>;
    via?: string;
  };
  signature?: {
    verdict: 'verified' | 'rejected';
    at: string;
    reason?: string;
    detail?: string;
    evidence?: unknown;
  };
  routing?: { at: string; priority?: number; failure?: { reason: string; detail?: string; at: string } };
  recipients: Record<string, RecipientLifecycle>;
  /** Status 13 packages from the sender. */
  recallRequests: Array<{ at: string; statusId?: string; from: string; flag?: StatusFlag }>;
  /** Statuses from agencies that are not recipients of this document: kept, flagged. */
  strayStatuses: StatusRecord[];
  /** Revocation / update / replacement links with other documents. */
  relations: DocumentRelation[];
  summary: LifecycleSummary;
  eventCount: number;
  firstPosition: number;
  lastPosition: number;
}

export type RelationKind = 'revokes' | 'updates' | 'replaces' | 'revoked-by' | 'updated-by' | 'replaced-by';

export interface DocumentRelation {
  kind: RelationKind;
  /** The related hub document, when the log knows it. */
  documentId?: string;
  /** The related document's sender DocumentId. */
  senderDocumentId?: string;
  at: string;
}

export type StatusFlag =
  | 'OUT_OF_ORDER'
  | 'AFTER_REFUSAL'
  | 'AFTER_COMPLETION'
  | 'NO_RECALL_REQUESTED'
  | 'NOT_A_RECIPIENT'
  | 'NOT_THE_SENDER'
  | 'UNKNOWN_CODE';

export interface StatusRecord {
  code: string;
  at: string;
  from: string;
  statusId?: string;
  position: number;
  normalisedFrom?: string;
  description?: string;
  /** Set when the status breaks the expected path 01 → (02 | 03 → 04 → 05 → 06), 13 → (15 | 16). */
  flag?: StatusFlag;
  routed?: boolean;
}

export type DeliveryState =
  | 'addressed'
  | 'routed'
  | 'queued'
  | 'retrying'
  | 'delivered'
  | 'fetched'
  | 'acknowledged'
  | 'ack-failed'
  | 'dead-lettered'
  | 'redelivery-requested'
  | 'routing-failed';

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  outcome: 'failed' | 'delivered';
  errorClass?: string;
  error?: string;
  mode?: string;
}

export interface RecipientLifecycle {
  agencyCode: string;
  addressedCode?: string;
  routedAt?: string;
  deliveryMode?: string;
  routingFailure?: { reason: string; detail?: string; at: string };
  deliveryId?: string;
  deliveryState: DeliveryState;
  attempts: DeliveryAttempt[];
  deliveredAt?: string;
  fetchedAt?: string;
  acknowledgedAt?: string;
  deadLetteredAt?: string;
  lastError?: string;
  statuses: StatusRecord[];
  currentStatus?: string;
  receivedAt?: string;
  completedAt?: string;
  refusedAt?: string;
  recall?: 'requested' | 'agreed' | 'refused';
  receiptOverdue?: { deadline: string; at: string };
}

export interface LifecycleSummary {
  recipients: number;
  received: number;
  completed: number;
  refused: number;
  recalled: number;
  deliveryFailed: number;
  overall: OverallState;
  /** e.g. "3 of 5 recipients completed". */
  text: string;
}

export type OverallState =
  'submitted' | 'signature-rejected' | 'routing-failed' | 'in-progress' | 'completed' | 'closed';

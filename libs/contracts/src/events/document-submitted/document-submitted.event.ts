import { BlobRef } from '../../envelope/event-envelope';

export const DOCUMENT_SUBMITTED = 'document.submitted' as const;

/** Summary of the package header that intake parsed before accepting it. */
export interface DocumentHeaderSummary {
  senderDocumentId?: string;
  /** BussinessDocType: 0 new, 1 revocation, 2 update, 3 replacement. */
  businessType?: number;
  /** For business types 1-3, the earlier DocumentId acted on. */
  targetDocumentId?: string;
  codeNumber?: string;
  codeNotation?: string;
  subject?: string;
  promulgationDate?: string;
  /**
   * Update (2) only: recipients the update adds or removes (BussinessDocumentInfo/ReceiverList/Receiver,
   * ReceiverType 1 added / 0 removed). Absent: the earlier document's recipients unchanged.
   */
  receiverChanges?: Array<{ organId: string; change: 'added' | 'removed' }>;
  /**
   * Replacement (3) only: ReplacementInfoList/ReplacementInfo, the replaced DocumentId and the agencies
   * that receive the replacement (OrganIdList). Absent or empty lists: the earlier document's recipients.
   */
  replacements?: Array<{ documentId: string; organIds: string[] }>;
  /** 0 normal ... 4 flash timed. */
  priority?: number;
  documentType?: string;
}

/** An agency handed the hub a document package, and intake stored it. */
export interface DocumentSubmittedV1 {
  documentId: string;
  senderCode: string;
  recipientCodes: string[];
  blob: BlobRef;
  header: DocumentHeaderSummary;
  /** The request that carried it: idempotency key and remote address, for attribution. */
  request?: { idempotencyKey?: string; via: 'rest' | 'vxp' | 'test' };
}

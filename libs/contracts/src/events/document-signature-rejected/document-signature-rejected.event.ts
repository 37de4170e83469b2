import { BlobRef } from '../../envelope/event-envelope';
import { DocumentHeaderSummary } from '../document-submitted/document-submitted.event';
import { SignatureEvidence } from '../document-signature-verified/document-signature-verified.event';

export const DOCUMENT_SIGNATURE_REJECTED = 'document.signature-rejected' as const;

export type SignatureRejectionReason =
  | 'SIG_MISSING'
  | 'SIG_INVALID'
  | 'SIG_DIGEST_MISMATCH'
  | 'CERT_UNTRUSTED'
  | 'CERT_EXPIRED'
  | 'CERT_NOT_YET_VALID'
  | 'CERT_REVOKED'
  | 'CERT_REVOCATION_UNKNOWN'
  | 'CERT_AGENCY_MISMATCH'
  | 'SIG_ALGORITHM_FORBIDDEN'
  | 'SIG_WRAPPING';

/** The package's signature failed the check; `reason` is one stable code. */
export interface DocumentSignatureRejectedV1 {
  documentId: string;
  senderCode: string;
  /** Carried forward from document.submitted: an `optional` policy still routes the document. */
  recipientCodes: string[];
  blob: BlobRef;
  header: DocumentHeaderSummary;
  reason: SignatureRejectionReason;
  detail: string;
  evidence: SignatureEvidence;
}

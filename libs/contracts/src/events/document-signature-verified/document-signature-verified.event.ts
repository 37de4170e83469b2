import { BlobRef } from '../../envelope/event-envelope';
import { DocumentHeaderSummary } from '../document-submitted/document-submitted.event';

export const DOCUMENT_SIGNATURE_VERIFIED = 'document.signature-verified' as const;

/** Evidence of a signature check, kept so an auditor can re-examine the verdict years later. */
export interface SignatureEvidence {
  /** The agency's policy applied: required | optional | off. */
  policy: 'required' | 'optional' | 'off';
  /** What was found: the Signature element's namespace (xmldsig or edxml), or none. */
  signatureElement?: 'xmldsig' | 'edxml' | 'none';
  signatureAlgorithm?: string;
  digestAlgorithm?: string;
  canonicalization?: string;
  signer?: {
    subject: string;
    issuer: string;
    serialNumber: string;
    sha256Fingerprint: string;
    notBefore: string;
    notAfter: string;
  };
  chain?: string[];
  revocation?: { source: 'crl' | 'ocsp' | 'cache' | 'none'; checkedAt?: string };
  boundAgencyCode?: string;
  /** Set when the check did not run (policy off, placeholder service). */
  skippedBecause?: string;
}

/** The package's signature was checked and accepted (or the policy let it through). */
export interface DocumentSignatureVerifiedV1 {
  documentId: string;
  senderCode: string;
  /** Carried forward from document.submitted, so routing needs no second source. */
  recipientCodes: string[];
  blob: BlobRef;
  header: DocumentHeaderSummary;
  evidence: SignatureEvidence;
}

import { BlobRef } from '../../envelope/event-envelope';

export const STATUS_SUBMITTED = 'status.submitted' as const;

/** An agency reported what happened to a document it received (or, for 13, sent). */
export interface StatusSubmittedV1 {
  statusId: string;
  senderCode: string;
  /** The document the status is about: its sender's code and that sender's DocumentId. */
  responseFor: { organId: string; documentId: string; codeNumber?: string; codeNotation?: string };
  statusCode: string;
  /** Set when the code was normalised on read (e.g. 14 read as 15). */
  normalisedFrom?: string;
  description?: string;
  timestamp?: string;
  blob: BlobRef;
}

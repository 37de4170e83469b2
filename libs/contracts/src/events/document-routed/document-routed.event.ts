export const DOCUMENT_ROUTED = 'document.routed' as const;

export type DeliveryMode = 'push' | 'pull';

export interface RoutedRecipient {
  agencyCode: string;
  delivery: DeliveryMode;
  /** Set when the addressed code was retired and its successor receives instead. */
  addressedCode?: string;
  /**
   * The agency's push endpoint (https URL) from the directory, for `delivery: 'push'`. Delivery signs
   * each push with a per-agency secret it keeps itself; an endpoint registered through delivery's
   * operator API takes precedence over this one.
   */
  endpoint?: string;
}

/** Routing resolved the recipients that will receive the document. */
export interface DocumentRoutedV1 {
  documentId: string;
  senderCode: string;
  priority: number;
  blob: { sha256: string; ref: string; size: number };
  recipients: RoutedRecipient[];
  /** BussinessDocType of the package: 0 new, 1 revocation, 2 update, 3 replacement. */
  businessType?: number;
  /** For types 1-3: the earlier document acted on (the sender's DocumentId and the hub's id). */
  target?: { senderDocumentId: string; documentId: string };
}

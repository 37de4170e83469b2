export const DOCUMENT_ROUTED = 'document.routed' as const;

export type DeliveryMode = 'push' | 'pull';

export interface RoutedRecipient {
  agencyCode: string;
  delivery: DeliveryMode;
  /** Set when the addressed code was retired and its successor receives instead. */
  addressedCode?: string;
}

/** Routing resolved the recipients that will receive the document. */
export interface DocumentRoutedV1 {
  documentId: string;
  senderCode: string;
  priority: number;
  blob: { sha256: string; ref: string; size: number };
  recipients: RoutedRecipient[];
}

import { BlobRef } from '../../envelope/event-envelope';
import { DeliveryMode } from '../document-routed/document-routed.event';

export const STATUS_ROUTED = 'status.routed' as const;

/** Routing matched a status to its document and chose who receives it. */
export interface StatusRoutedV1 {
  statusId: string;
  documentId: string;
  senderCode: string;
  statusCode: string;
  /** The priority of the document the status is about: statuses of hỏa tốc documents travel urgent. */
  priority?: number;
  recipient: { agencyCode: string; delivery: DeliveryMode };
  blob: BlobRef;
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BlobRef,
  DeliveryMode,
  deriveEventId,
  DocumentRoutedV1,
  EventEnvelope,
  StatusRoutedV1,
} from '@lt/contracts';
import { InjectServiceConfig } from '@lt/runtime';
import { DeliveryConfig } from '../delivery.config';
import { deliveryEvent, deliveryRef } from '../deliveries/delivery-events';
import { DeliveryRow, T } from '../deliveries/delivery-row';

interface NewDelivery {
  kind: 'edoc' | 'status';
  documentId: string;
  statusId: string | null;
  statusCode: string | null;
  senderCode: string;
  recipientCode: string;
  routedMode: DeliveryMode;
  routedEndpoint: string | null;
  priority: number;
  blob: BlobRef;
}

/**
 * Creates deliveries. Push deliveries enter the schedule due at once; pull deliveries go straight to
 * the recipient's inbox, which for the recipient is delivery (`delivery.delivered`, mode pull). An
 * agency with an endpoint registered through the operator API is pushed to whatever routing says.
 */
@Injectable()
export class QueueDeliveriesUseCase {
  private readonly confirmingCodes: Set<string>;

  constructor(@InjectServiceConfig() private readonly config: DeliveryConfig) {
    this.confirmingCodes = new Set(config.RECEIPT_CONFIRMING_STATUS_CODES.split(','));
  }

  async queueDocument(
    manager: EntityManager,
    event: EventEnvelope<'document.routed', DocumentRoutedV1>,
  ): Promise<{ events: EventEnvelope[]; pushes: number }> {
    const d = event.data;
    return this.queue(
      manager,
      event,
      d.recipients.map((r) => ({
        kind: 'edoc',
        documentId: d.documentId,
        statusId: null,
        statusCode: null,
        senderCode: d.senderCode,
        recipientCode: r.agencyCode,
        routedMode: r.delivery,
        routedEndpoint: r.endpoint ?? null,
        priority: d.priority,
        blob: d.blob,
      })),
    );
  }

  async queueStatus(
    manager: EntityManager,
    event: EventEnvelope<'status.routed', StatusRoutedV1>,
  ): Promise<{ events: EventEnvelope[]; pushes: number }> {
    const d = event.data;
    // A status travels at its document's priority: a hỏa tốc document's answers are hỏa tốc too.
    const [doc]: Array<{ priority: number | null }> = await manager.query(
      `SELECT max(priority) AS priority FROM ${T.delivery} WHERE document_id = $1 AND kind = 'edoc'`,
      [d.documentId],
    );
    return this.queue(manager, event, [
      {
        kind: 'status',
        documentId: d.documentId,
        statusId: d.statusId,
        statusCode: d.statusCode,
        senderCode: d.senderCode,
        recipientCode: d.recipient.agencyCode,
        routedMode: d.recipient.delivery,
        routedEndpoint: null,
        priority: doc?.priority ?? 0,
        blob: d.blob,
      },
    ]);
  }

  /**
   * A status from a document's recipient: remembers its latest code on that recipient's delivery and,
   * for a receipt-confirming code (01/03 by default), clears the receipt deadline.
   */
  async recordStatusForReceipt(manager: EntityManager, status: StatusRoutedV1): Promise<void> {
    await manager.query(
      `UPDATE ${T.delivery} SET latest_status_code = $3, updated_at = clock_timestamp()
       WHERE document_id = $1 AND recipient_code = $2 AND kind = 'edoc'`,
      [status.documentId, status.senderCode, status.statusCode],
    );
    if (!this.confirmingCodes.has(status.statusCode)) return;
    // Kept apart from the delivery row: a status may be handled before its document's delivery exists.
    await manager.query(
      `INSERT INTO ${T.receipt} (document_id, agency_code, status_id, status_code) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [status.documentId, status.senderCode, status.statusId, status.statusCode],
    );
  }

  private async queue(
    manager: EntityManager,
    cause: EventEnvelope,
    deliveries: NewDelivery[],
  ): Promise<{ events: EventEnvelope[]; pushes: number }> {
    if (deliveries.length === 0) return { events: [], pushes: 0 };
    const registered: Array<{ agency_code: string }> = await manager.query(
      `SELECT agency_code FROM ${T.endpoint} WHERE agency_code = ANY($1) AND url IS NOT NULL`,
      [deliveries.map((d) => d.recipientCode)],
    );
    const pushAgencies = new Set(registered.map((r) => r.agency_code));
    const events: EventEnvelope[] = [];
    let pushes = 0;
    for (const d of deliveries) {
      const id = deriveEventId(cause.id, 'delivery', d.recipientCode);
      const mode: DeliveryMode =
        d.routedMode === 'push' || pushAgencies.has(d.recipientCode) ? 'push' : 'pull';
      const inserted: DeliveryRow[] = await manager.query(
        `INSERT INTO ${T.delivery} (id, kind, document_id, status_id, status_code, correlation_id, cause_event_id,
           sender_code, recipient_code, mode, routed_endpoint, priority, state, blob_sha256, blob_ref, blob_size,
           next_attempt_at, delivered_at, receipt_due_at, latest_status_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
           CASE WHEN $10 = 'push' THEN clock_timestamp() END,
           CASE WHEN $10 = 'pull' THEN clock_timestamp() END,
           CASE WHEN $2 = 'edoc' THEN clock_timestamp() + ($17 || ' milliseconds')::interval END,
           -- A confirming status handled before this delivery existed (the two events race).
           (SELECT r.status_code FROM ${T.receipt} r WHERE r.document_id = $3 AND r.agency_code = $9))
         ON CONFLICT DO NOTHING RETURNING *`,
        [
          id,
          d.kind,
          d.documentId,
          d.statusId,
          d.statusCode,
          cause.correlationId,
          cause.id,
          d.senderCode,
          d.recipientCode,
          mode,
          d.routedEndpoint,
          d.priority,
          mode === 'push' ? 'queued' : 'waiting-in-inbox',
          d.blob.sha256,
          d.blob.ref,
          d.blob.size,
          String(this.config.RECEIPT_DEADLINE_MS),
        ],
      );
      // Nothing inserted: this (document or status, recipient) already has its delivery.
      const row = inserted[0];
      if (!row) continue;
      const ref = deliveryRef(row);
      events.push(deliveryEvent(row, 'delivery.queued', '', { ...ref, mode, priority: d.priority }));
      if (mode === 'pull') {
        events.push(deliveryEvent(row, 'delivery.delivered', '0', { ...ref, mode: 'pull', attempt: 1 }));
      } else {
        pushes++;
      }
    }
    return { events, pushes };
  }
}

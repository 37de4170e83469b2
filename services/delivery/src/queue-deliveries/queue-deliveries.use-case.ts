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
import { isUrgent } from '../deliveries/priority';

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

/** What queueing one routed event created. */
export interface QueuedDeliveries {
  events: EventEnvelope[];
  /** Push deliveries created (the push worker is woken for them). */
  pushes: number;
  /** Of which urgent (priority ≥ 2): the worker claims these at once, in its reserved slots. */
  urgentPushes: number;
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
  ): Promise<QueuedDeliveries> {
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
  ): Promise<QueuedDeliveries> {
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
        // Routing sets the document's priority on the event (it chose the lane); the table is the fallback
        // for events published before it did.
        priority: Math.max(d.priority ?? 0, doc?.priority ?? 0),
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
  ): Promise<QueuedDeliveries> {
    if (deliveries.length === 0) return { events: [], pushes: 0, urgentPushes: 0 };
    const registered: Array<{ agency_code: string }> = await manager.query(
      `SELECT agency_code FROM ${T.endpoint} WHERE agency_code = ANY($1) AND url IS NOT NULL`,
      [deliveries.map((d) => d.recipientCode)],
    );
    const pushAgencies = new Set(registered.map((r) => r.agency_code));
    // One recipient appears once even if the routing decision named it twice.
    const unique = [...new Map(deliveries.map((d) => [d.recipientCode, d])).values()];
    const rows = unique.map((d) => ({
      d,
      id: deriveEventId(cause.id, 'delivery', d.recipientCode),
      mode: (d.routedMode === 'push' || pushAgencies.has(d.recipientCode) ? 'push' : 'pull') as DeliveryMode,
    }));
    const inserted = await this.insertDeliveries(manager, cause, rows);
    // Nothing inserted for a recipient: this (document or status, recipient) already has its delivery.
    const byId = new Map(inserted.map((row) => [row.id, row]));
    const events: EventEnvelope[] = [];
    let pushes = 0;
    let urgentPushes = 0;
    for (const { d, id, mode } of rows) {
      const row = byId.get(id);
      if (!row) continue;
      const ref = deliveryRef(row);
      events.push(deliveryEvent(row, 'delivery.queued', '', { ...ref, mode, priority: d.priority }));
      if (mode === 'pull') {
        events.push(deliveryEvent(row, 'delivery.delivered', '0', { ...ref, mode: 'pull', attempt: 1 }));
      } else {
        pushes++;
        if (isUrgent(d.priority)) urgentPushes++;
      }
    }
    return { events, pushes, urgentPushes };
  }

  /**
   * Inserts every recipient's delivery in one multi-row statement (a document to 100 agencies is one
   * round trip, not 100). Returns the rows actually inserted; existing ones are left alone.
   */
  private async insertDeliveries(
    manager: EntityManager,
    cause: EventEnvelope,
    rows: Array<{ d: NewDelivery; id: string; mode: DeliveryMode }>,
  ): Promise<DeliveryRow[]> {
    const col = <V>(pick: (r: { d: NewDelivery; id: string; mode: DeliveryMode }) => V): V[] =>
      rows.map(pick);
    return manager.query(
      `INSERT INTO ${T.delivery} (id, kind, document_id, status_id, status_code, correlation_id, cause_event_id,
         sender_code, recipient_code, mode, routed_endpoint, priority, state, blob_sha256, blob_ref, blob_size,
         next_attempt_at, delivered_at, receipt_due_at, latest_status_code)
       SELECT v.id, v.kind, v.document_id, v.status_id, v.status_code, $6, $7, v.sender_code, v.recipient_code,
         v.mode, v.routed_endpoint, v.priority, CASE WHEN v.mode = 'push' THEN 'queued' ELSE 'waiting-in-inbox' END,
         v.blob_sha256, v.blob_ref, v.blob_size,
         CASE WHEN v.mode = 'push' THEN clock_timestamp() END,
         CASE WHEN v.mode = 'pull' THEN clock_timestamp() END,
         CASE WHEN v.kind = 'edoc' THEN clock_timestamp() + ($16 || ' milliseconds')::interval END,
         -- A confirming status handled before this delivery existed (the two events race).
         (SELECT r.status_code FROM ${T.receipt} r WHERE r.document_id = v.document_id AND r.agency_code = v.recipient_code)
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $8::text[], $9::text[], $10::text[],
                   $11::text[], $12::smallint[], $13::text[], $14::text[], $15::bigint[])
         AS v(id, kind, document_id, status_id, status_code, sender_code, recipient_code, mode, routed_endpoint,
              priority, blob_sha256, blob_ref, blob_size)
       ON CONFLICT DO NOTHING RETURNING *`,
      [
        col((r) => r.id),
        col((r) => r.d.kind),
        col((r) => r.d.documentId),
        col((r) => r.d.statusId),
        col((r) => r.d.statusCode),
        cause.correlationId,
        cause.id,
        col((r) => r.d.senderCode),
        col((r) => r.d.recipientCode),
        col((r) => r.mode),
        col((r) => r.d.routedEndpoint),
        col((r) => r.d.priority),
        col((r) => r.d.blob.sha256),
        col((r) => r.d.blob.ref),
        col((r) => r.d.blob.size),
        String(this.config.RECEIPT_DEADLINE_MS),
      ],
    );
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InboxItem, InboxItemType } from '@lt/contracts';
import { DeliveryRow, T } from '../deliveries/delivery-row';
import { InboxPosition } from './inbox-cursor';

/**
 * An agency's inbox: its pull deliveries that are waiting, or were fetched and not acknowledged within
 * the visibility timeout. Every query is bound to the calling agency's code.
 */
@Injectable()
export class InboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Visible items after `after`, highest priority first, then in queueing order. */
  async list(
    agencyCode: string,
    type: InboxItemType | undefined,
    after: InboxPosition | null,
    limit: number,
  ) {
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT * FROM ${T.delivery}
       WHERE recipient_code = $1 AND mode = 'pull' AND state IN ('waiting-in-inbox', 'fetched')
         AND (visible_again_at IS NULL OR visible_again_at <= clock_timestamp())
         AND ($2::text IS NULL OR kind = $2)
         AND ($3::int IS NULL OR priority < $3 OR (priority = $3 AND seq > $4::bigint))
       ORDER BY priority DESC, seq
       LIMIT $5`,
      [agencyCode, type ?? null, after?.priority ?? null, after?.seq ?? '0', limit],
    );
    return rows;
  }

  /** The agency's own delivery, locked for update; undefined for another agency's or an unknown id. */
  async lockOwn(
    manager: EntityManager,
    agencyCode: string,
    deliveryId: string,
  ): Promise<DeliveryRow | undefined> {
    const rows: DeliveryRow[] = await manager.query(
      `SELECT * FROM ${T.delivery} WHERE id = $1 AND recipient_code = $2 AND mode = 'pull' FOR UPDATE`,
      [deliveryId, agencyCode],
    );
    return rows[0];
  }

  /** Every delivery of a document (its recipients), with the latest status each sent back. */
  async forDocument(documentId: string): Promise<DeliveryRow[]> {
    return this.dataSource.query(
      `SELECT * FROM ${T.delivery} WHERE document_id = $1 AND kind = 'edoc' ORDER BY recipient_code`,
      [documentId],
    );
  }
}

/** The contract shape of an inbox row. */
export function toInboxItem(row: DeliveryRow): InboxItem {
  return {
    deliveryId: row.id,
    type: row.kind,
    documentId: row.document_id,
    ...(row.status_id ? { statusId: row.status_id } : {}),
    senderCode: row.sender_code,
    priority: row.priority,
    blob: { sha256: row.blob_sha256.trim(), ref: row.blob_ref, size: Number(row.blob_size) },
    queuedAt: new Date(row.queued_at).toISOString(),
    fetchCount: row.fetch_count,
  };
}

import { Injectable } from '@nestjs/common';
import {
  DocumentDeliveryStateReply,
  DocumentDeliveryStateRequest,
  InboxAckReply,
  InboxAckRequest,
  InboxFetchReply,
  InboxFetchRequest,
  InboxListReply,
  InboxListRequest,
} from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';
import { InjectServiceConfig } from '@lt/runtime';
import { DeliveryConfig } from '../delivery.config';
import { deliveryEvent, deliveryRef } from '../deliveries/delivery-events';
import { DeliveryRow, T } from '../deliveries/delivery-row';
import { decodeCursor, encodeCursor } from './inbox-cursor';
import { InboxError } from './inbox-errors';
import { InboxRepository, toInboxItem } from './inbox.repository';
import { rowsOf } from '../deliveries/sql-rows';

const AGENCY_CODE = /^[A-Za-z0-9._-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REASON_MAX = 500;

/** List, fetch and acknowledge an agency's inbox; report a document's delivery state. */
@Injectable()
export class InboxUseCase {
  constructor(
    private readonly repository: InboxRepository,
    private readonly outbox: TransactionalOutbox,
    @InjectServiceConfig() private readonly config: DeliveryConfig,
  ) {}

  async list(request: InboxListRequest): Promise<InboxListReply> {
    const agency = requireAgency(request);
    const limit = request.limit ?? this.config.INBOX_PAGE_MAX;
    if (!Number.isInteger(limit) || limit < 1 || limit > this.config.INBOX_PAGE_MAX) {
      throw new InboxError(
        'INBOX_BAD_REQUEST',
        `limit must be an integer from 1 to ${this.config.INBOX_PAGE_MAX}`,
      );
    }
    if (request.type !== undefined && request.type !== 'edoc' && request.type !== 'status') {
      throw new InboxError('INBOX_BAD_REQUEST', 'type must be edoc or status');
    }
    const after = request.after ? decodeCursor(request.after) : null;
    if (request.after && !after)
      throw new InboxError('INBOX_BAD_REQUEST', 'after is not a cursor of this inbox');
    // One more than asked tells whether a next page exists.
    const rows = await this.repository.list(agency, request.type, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toInboxItem),
      ...(rows.length > limit && last
        ? { nextCursor: encodeCursor({ priority: last.priority, seq: String(last.seq) }) }
        : {}),
    };
  }

  async fetch(request: InboxFetchRequest): Promise<InboxFetchReply> {
    const agency = requireAgency(request);
    const deliveryId = requireDeliveryId(request.deliveryId);
    return this.outbox.commit(async (manager) => {
      const row = await this.repository.lockOwn(manager, agency, deliveryId);
      if (!row || !['waiting-in-inbox', 'fetched', 'acknowledged'].includes(row.state))
        throw notFound(deliveryId);
      if (row.state === 'acknowledged') throw acknowledged(deliveryId);
      const [updated] = rowsOf<DeliveryRow>(
        await manager.query(
          `UPDATE ${T.delivery} SET state = 'fetched', fetch_count = fetch_count + 1, updated_at = clock_timestamp(),
           visible_again_at = clock_timestamp() + ($2 || ' milliseconds')::interval
         WHERE id = $1 RETURNING *`,
          [deliveryId, String(this.config.INBOX_VISIBILITY_TIMEOUT_MS)],
        ),
      );
      const visibleAgainAt = new Date(updated.visible_again_at as Date).toISOString();
      return {
        result: { ...toInboxItem(updated), visibleAgainAt },
        events: [
          deliveryEvent(
            updated,
            'delivery.fetched',
            `${updated.redeliveries}.${updated.fetch_count}`,
            {
              ...deliveryRef(updated),
              visibleAgainAt,
            },
            agency,
          ),
        ],
      };
    });
  }

  async ack(request: InboxAckRequest): Promise<InboxAckReply> {
    const agency = requireAgency(request);
    const deliveryId = requireDeliveryId(request.deliveryId);
    if (request.outcome !== 'done' && request.outcome !== 'fail') {
      throw new InboxError('INBOX_BAD_REQUEST', 'outcome must be done or fail');
    }
    if (
      request.reason !== undefined &&
      (typeof request.reason !== 'string' || request.reason.length > REASON_MAX)
    ) {
      throw new InboxError(
        'INBOX_BAD_REQUEST',
        `reason must be a string of at most ${REASON_MAX} characters`,
      );
    }
    return this.outbox.commit(async (manager) => {
      const row = await this.repository.lockOwn(manager, agency, deliveryId);
      if (!row || !['waiting-in-inbox', 'fetched', 'acknowledged'].includes(row.state))
        throw notFound(deliveryId);
      if (row.state === 'acknowledged') {
        // The same ack again (a retried call) answers the same; a different one is refused.
        if (row.ack_outcome === request.outcome) {
          return {
            result: { deliveryId, state: 'acknowledged' as const, outcome: request.outcome },
            events: [],
          };
        }
        throw acknowledged(deliveryId);
      }
      await manager.query(
        `UPDATE ${T.delivery} SET state = 'acknowledged', acknowledged_at = clock_timestamp(), ack_outcome = $2,
           ack_reason = $3, visible_again_at = NULL, updated_at = clock_timestamp()
         WHERE id = $1`,
        [deliveryId, request.outcome, request.reason ?? null],
      );
      return {
        result: { deliveryId, state: 'acknowledged' as const, outcome: request.outcome },
        events: [
          deliveryEvent(
            row,
            'delivery.acknowledged',
            `${row.redeliveries}`,
            {
              ...deliveryRef(row),
              outcome: request.outcome,
              ...(request.reason ? { reason: request.reason } : {}),
            },
            agency,
          ),
        ],
      };
    });
  }

  async deliveryState(request: DocumentDeliveryStateRequest): Promise<DocumentDeliveryStateReply> {
    const agency = requireAgency(request);
    if (
      typeof request.documentId !== 'string' ||
      request.documentId.length === 0 ||
      request.documentId.length > 300
    ) {
      throw new InboxError('INBOX_BAD_REQUEST', 'documentId is required');
    }
    const rows = await this.repository.forDocument(request.documentId);
    const isSender = rows.some((r) => r.sender_code === agency);
    const visible = isSender ? rows : rows.filter((r) => r.recipient_code === agency);
    // Neither sender nor recipient: the document does not exist for this agency.
    if (visible.length === 0) throw new InboxError('DOCUMENT_NOT_FOUND', `no document ${request.documentId}`);
    return {
      documentId: request.documentId,
      recipients: visible.map((r) => ({
        agencyCode: r.recipient_code,
        state: r.state,
        ...(r.delivered_at ? { deliveredAt: new Date(r.delivered_at).toISOString() } : {}),
        ...(r.acknowledged_at ? { acknowledgedAt: new Date(r.acknowledged_at).toISOString() } : {}),
        ...(r.latest_status_code ? { latestStatusCode: r.latest_status_code } : {}),
      })),
    };
  }
}

function requireAgency(request: { agencyCode?: unknown }): string {
  if (typeof request?.agencyCode !== 'string' || !AGENCY_CODE.test(request.agencyCode)) {
    throw new InboxError('INBOX_BAD_REQUEST', 'agencyCode (the authenticated caller) is required');
  }
  return request.agencyCode;
}

function requireDeliveryId(id: unknown): string {
  if (typeof id !== 'string' || !UUID.test(id))
    throw new InboxError('INBOX_BAD_REQUEST', 'deliveryId must be a UUID');
  return id;
}

const notFound = (id: string) => new InboxError('INBOX_ITEM_NOT_FOUND', `no inbox item ${id}`);
const acknowledged = (id: string) =>
  new InboxError('INBOX_ITEM_ACKNOWLEDGED', `inbox item ${id} is already acknowledged`);

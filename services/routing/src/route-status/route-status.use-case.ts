import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { createFollowUpEvent, EventEnvelope, StatusRoutingFailedV1, StatusSubmittedV1 } from '@lt/contracts';
import { AgencyDirectoryRepository } from '../directory/agency-directory.repository';
import { vietnamToday } from '../directory/calendar';
import { RoutedDocumentRepository } from '../route-document/routed-document.repository';
import { ROUTING_ACTOR } from '../route-document/route-document.use-case';

/** Status 13 (yêu cầu lấy lại, recall) is the one the document's sender sends; all others its recipients. */
export const SENDER_STATUS_CODES: ReadonlySet<string> = new Set(['13']);

/**
 * Routes a status to the other side of its document: from a recipient to the sender, or (13) from
 * the sender to every recipient. The document is found by ResponseFor (sender code + the sender's
 * DocumentId); a status about an unknown document, or from an agency on the wrong side, is refused
 * with `status.routing-failed`.
 */
@Injectable()
export class RouteStatusUseCase {
  constructor(
    private readonly documents: RoutedDocumentRepository,
    private readonly directory: AgencyDirectoryRepository,
  ) {}

  async route(manager: EntityManager, cause: EventEnvelope, s: StatusSubmittedV1): Promise<EventEnvelope[]> {
    const doc = await this.documents.find(manager, s.responseFor.organId, s.responseFor.documentId);
    if (!doc) {
      return [
        this.failed(
          cause,
          s,
          'DOCUMENT_UNKNOWN',
          `no document ${s.responseFor.documentId} from ${s.responseFor.organId} was routed`,
        ),
      ];
    }
    let to: string[];
    if (SENDER_STATUS_CODES.has(s.statusCode)) {
      if (s.senderCode !== doc.senderCode) {
        return [
          this.failed(
            cause,
            s,
            'NOT_THE_SENDER',
            `status ${s.statusCode} comes only from the document's sender ${doc.senderCode}`,
          ),
        ];
      }
      to = doc.recipients;
    } else {
      if (!doc.recipients.includes(s.senderCode)) {
        return [
          this.failed(
            cause,
            s,
            'NOT_A_RECIPIENT',
            `${s.senderCode} did not receive document ${doc.senderDocumentId}`,
          ),
        ];
      }
      to = [doc.senderCode];
    }
    const views = await this.directory.viewsAsOf(manager, to, vietnamToday());
    return to.map((agencyCode) =>
      createFollowUpEvent(cause, {
        type: 'status.routed',
        aggregate: { type: 'status', id: s.statusId },
        correlationId: doc.documentId,
        actor: ROUTING_ACTOR,
        discriminator: agencyCode,
        data: {
          statusId: s.statusId,
          documentId: doc.documentId,
          senderCode: s.senderCode,
          statusCode: s.statusCode,
          priority: doc.priority,
          recipient: { agencyCode, delivery: views.get(agencyCode)?.delivery.mode ?? 'pull' },
          blob: s.blob,
        },
      }),
    );
  }

  private failed(
    cause: EventEnvelope,
    s: StatusSubmittedV1,
    reason: StatusRoutingFailedV1['reason'],
    detail: string,
  ): EventEnvelope {
    return createFollowUpEvent(cause, {
      type: 'status.routing-failed',
      aggregate: { type: 'status', id: s.statusId },
      actor: ROUTING_ACTOR,
      data: { statusId: s.statusId, senderCode: s.senderCode, reason, detail },
    });
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BlobRef,
  createFollowUpEvent,
  DocumentHeaderSummary,
  EventEnvelope,
  RoutingFailureReason,
} from '@lt/contracts';
import { InjectServiceConfig } from '@lt/runtime';
import { RoutingConfig } from '../routing.config';
import { DirectoryCache } from '../directory/directory-cache';
import { vietnamToday } from '../directory/calendar';
import { resolveRecipients, senderRefusal } from './resolve-recipients';
import { RoutedDocument, RoutedDocumentRepository } from './routed-document.repository';
import { recipientsOfBusinessPackage } from './business-recipients';

export const ROUTING_ACTOR = 'routing';

/** What routing needs of a verified (or optional-policy rejected) document. */
export interface DocumentToRoute {
  documentId: string;
  senderCode: string;
  recipientCodes: string[];
  blob: BlobRef;
  header: DocumentHeaderSummary;
}

/**
 * Decides who receives a document, in the handler's transaction: the sender must be a registered,
 * active agency; revocations, updates and replacements go to the earlier document's recipients (as
 * the package amends them); every addressed code is resolved as of today. Emits one
 * `document.routed` for the recipients that receive and one `document.routing-failed` per recipient
 * that cannot (or a single one without recipient when the whole document is refused).
 */
@Injectable()
export class RouteDocumentUseCase {
  constructor(
    private readonly cache: DirectoryCache,
    private readonly documents: RoutedDocumentRepository,
    @InjectServiceConfig() private readonly config: RoutingConfig,
  ) {}

  async route(manager: EntityManager, cause: EventEnvelope, doc: DocumentToRoute): Promise<EventEnvelope[]> {
    const asOf = vietnamToday();
    const hops = this.config.SUCCESSOR_MAX_HOPS;
    const businessType = doc.header.businessType ?? 0;
    const isNew = businessType === 0;
    // The directory as committed now (this replica's copy, checked against PostgreSQL's version);
    // sender, recipients and their successors in one lookup.
    const directory = await this.cache.open(manager);
    const views = await directory.withSuccessors(
      isNew ? [doc.senderCode, ...doc.recipientCodes] : [doc.senderCode],
      asOf,
      hops,
    );
    const refused = senderRefusal(doc.senderCode, views.get(doc.senderCode));
    if (refused) return [this.failed(cause, doc, refused.reason, refused.detail)];

    let addressed = doc.recipientCodes;
    let addressedViews = views;
    let target: RoutedDocument | undefined;
    if (!isNew) {
      const outcome = await this.earlierDocument(manager, doc);
      if ('reason' in outcome) return [this.failed(cause, doc, outcome.reason, outcome.detail)];
      target = outcome.target;
      addressed = recipientsOfBusinessPackage(businessType, doc.header, target.recipients);
      addressedViews = await directory.withSuccessors(addressed, asOf, hops);
    }
    const resolution = resolveRecipients(addressed, addressedViews, hops);
    if (doc.header.senderDocumentId) {
      await this.documents.record(manager, {
        senderCode: doc.senderCode,
        senderDocumentId: doc.header.senderDocumentId,
        documentId: doc.documentId,
        businessType,
        recipients: resolution.routed.map((r) => r.agencyCode),
        priority: doc.header.priority ?? 0,
      });
    }
    const events: EventEnvelope[] = resolution.failed.map((f) =>
      this.failed(cause, doc, f.reason, f.detail, f.recipientCode),
    );
    if (resolution.routed.length > 0) {
      events.unshift(
        createFollowUpEvent(cause, {
          type: 'document.routed',
          aggregate: { type: 'document', id: doc.documentId },
          actor: ROUTING_ACTOR,
          data: {
            documentId: doc.documentId,
            senderCode: doc.senderCode,
            priority: doc.header.priority ?? 0,
            blob: doc.blob,
            recipients: resolution.routed,
            ...(isNew ? {} : { businessType }),
            ...(target
              ? { target: { senderDocumentId: target.senderDocumentId, documentId: target.documentId } }
              : {}),
          },
        }),
      );
    }
    return events;
  }

  /** The document a revocation, update or replacement acts on: known, and sent by the same agency. */
  private async earlierDocument(
    manager: EntityManager,
    doc: DocumentToRoute,
  ): Promise<{ target: RoutedDocument } | { reason: RoutingFailureReason; detail: string }> {
    const targetIds = [
      ...new Set(
        [doc.header.targetDocumentId, ...(doc.header.replacements ?? []).map((r) => r.documentId)].filter(
          (id): id is string => !!id,
        ),
      ),
    ];
    if (targetIds.length === 0) {
      return { reason: 'TARGET_DOCUMENT_UNKNOWN', detail: 'the package names no earlier DocumentId' };
    }
    let first: RoutedDocument | undefined;
    for (const id of targetIds) {
      const found = await this.documents.find(manager, doc.senderCode, id);
      if (!found) {
        return (await this.documents.sentByAnother(manager, doc.senderCode, id))
          ? { reason: 'TARGET_DOCUMENT_NOT_OWNED', detail: `document ${id} was sent by another agency` }
          : {
              reason: 'TARGET_DOCUMENT_UNKNOWN',
              detail: `no document ${id} from ${doc.senderCode} was routed`,
            };
      }
      first ??= found;
    }
    return { target: first! };
  }

  private failed(
    cause: EventEnvelope,
    doc: DocumentToRoute,
    reason: RoutingFailureReason,
    detail: string,
    recipientCode?: string,
  ): EventEnvelope {
    return createFollowUpEvent(cause, {
      type: 'document.routing-failed',
      aggregate: { type: 'document', id: doc.documentId },
      actor: ROUTING_ACTOR,
      discriminator: recipientCode ?? 'document',
      data: {
        documentId: doc.documentId,
        senderCode: doc.senderCode,
        ...(recipientCode ? { recipientCode } : {}),
        reason,
        detail,
      },
    });
  }
}

import { Injectable } from '@nestjs/common';
import {
  DOCUMENT_DELIVERY_STATE,
  DocumentDeliveryStateReply,
  DocumentDeliveryStateRequest,
} from '@lt/contracts';
import { QueryClient, QueryError } from '@lt/messaging';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { IntakeConfig } from '../../intake.config';
import { DocumentRepository } from '../document.repository';

export interface DocumentStateView {
  documentId: string;
  senderCode: string;
  senderDocumentId: string | null;
  businessType: number;
  sha256: string;
  receivedAt: string;
  /** Per recipient, as the caller may see them: the sender sees all, a recipient only itself. */
  recipients: DocumentDeliveryStateReply['recipients'];
  /** False when delivery did not answer: recipients then show `unknown`. */
  deliveryStateAvailable: boolean;
}

export function documentNotFound(documentId: string): ProblemError {
  return new ProblemError(
    404,
    'DOCUMENT_NOT_FOUND',
    'No such document for this agency',
    'Không có văn bản này đối với cơ quan',
    documentId,
  );
}

/** A document's current state: intake's record plus delivery's per-recipient state. */
@Injectable()
export class GetDocumentUseCase {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly queries: QueryClient,
    @InjectServiceConfig() private readonly config: IntakeConfig,
  ) {}

  async execute(documentId: string, callerCode: string): Promise<DocumentStateView> {
    // Another agency's document answers exactly like a missing one: ids are not disclosed.
    const doc = await this.documents.findVisibleTo(documentId, callerCode);
    if (!doc) throw documentNotFound(documentId);
    const isSender = doc.senderCode === callerCode;
    const visible = isSender ? doc.recipientCodes : [callerCode];
    let recipients: DocumentDeliveryStateReply['recipients'];
    let available = true;
    try {
      const reply = await this.queries.request<DocumentDeliveryStateReply>(
        DOCUMENT_DELIVERY_STATE,
        { documentId, agencyCode: callerCode } satisfies DocumentDeliveryStateRequest,
        this.config.QUERY_TIMEOUT_MS,
      );
      recipients = reply.recipients.filter((r) => visible.includes(r.agencyCode));
      // Recipients delivery has not queued yet (still in verification or routing).
      for (const code of visible) {
        if (!recipients.some((r) => r.agencyCode === code))
          recipients.push({ agencyCode: code, state: 'pending' });
      }
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      available = false;
      recipients = visible.map((agencyCode) => ({
        agencyCode,
        state: error.code === 'DOCUMENT_NOT_FOUND' ? 'pending' : 'unknown',
      }));
      if (error.code === 'DOCUMENT_NOT_FOUND') available = true;
    }
    return {
      documentId: doc.id,
      senderCode: doc.senderCode,
      senderDocumentId: doc.senderDocumentId,
      businessType: doc.businessType,
      sha256: doc.sha256,
      receivedAt: doc.receivedAt.toISOString(),
      recipients,
      deliveryStateAvailable: available,
    };
  }
}

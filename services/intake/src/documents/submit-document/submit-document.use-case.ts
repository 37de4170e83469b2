import { Inject, Injectable } from '@nestjs/common';
import { createEvent, DocumentHeaderSummary, newEventId } from '@lt/contracts';
import { BLOB_STORE, BlobStore } from '@lt/blobs';
import { parseDocumentPackage, DocumentPackage, EdxmlProblem } from '@lt/edxml';
import { TransactionalOutbox } from '@lt/persistence';
import { ProblemError } from '@lt/runtime';
import { DocumentRecord } from '../document.entity';

export interface SubmittedDocument {
  documentId: string;
  sha256: string;
  warnings: EdxmlProblem[];
}

/**
 * Accepts a document package: checks it parses (lenient level), stores its bytes content-addressed,
 * records it and publishes `document.submitted`, all or nothing.
 */
@Injectable()
export class SubmitDocumentUseCase {
  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly outbox: TransactionalOutbox,
  ) {}

  async execute(bytes: Buffer, via: 'rest' | 'vxp'): Promise<SubmittedDocument> {
    const parsed = parseDocumentPackage(bytes, { level: 'lenient' });
    if (!parsed.ok) {
      const first = parsed.errors[0];
      throw new ProblemError(
        422,
        first.code,
        'The package is not a valid edXML document',
        'Gói tin edXML không hợp lệ',
        first.message.en,
        {
          detailVi: first.message.vi,
          errors: parsed.errors,
          warnings: parsed.warnings,
        },
      );
    }
    const pkg = parsed.value;
    const blob = await this.blobs.put(bytes);
    const documentId = newEventId();
    const senderCode = pkg.header.from.organId;
    const recipientCodes = pkg.header.to.map((o) => o.organId);
    await this.outbox.commit(async (manager) => {
      await manager.insert(DocumentRecord, {
        id: documentId,
        senderCode,
        senderDocumentId: pkg.header.documentId,
        businessType: pkg.business?.bussinessDocType ?? 0,
        recipientCodes,
        sha256: blob.sha256,
        size: String(blob.size),
        receivedAt: new Date(),
      });
      const event = createEvent({
        type: 'document.submitted',
        aggregate: { type: 'document', id: documentId },
        correlationId: documentId,
        actor: senderCode,
        data: { documentId, senderCode, recipientCodes, blob, header: headerSummary(pkg), request: { via } },
      });
      return { result: undefined, events: [event] };
    });
    return { documentId, sha256: blob.sha256, warnings: parsed.warnings };
  }
}

function headerSummary(pkg: DocumentPackage): DocumentHeaderSummary {
  const h = pkg.header;
  return {
    senderDocumentId: h.documentId,
    businessType: pkg.business?.bussinessDocType ?? 0,
    targetDocumentId:
      pkg.business && pkg.business.bussinessDocType !== 0 ? pkg.business.documentId : undefined,
    codeNumber: h.code.codeNumber,
    codeNotation: h.code.codeNotation,
    subject: h.subject,
    promulgationDate: h.promulgationInfo.promulgationDate,
    priority: h.priority ?? 0,
    documentType: h.documentType?.typeName,
  };
}

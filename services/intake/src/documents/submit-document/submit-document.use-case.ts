import { Inject, Injectable } from '@nestjs/common';
import { createEvent, DocumentHeaderSummary, newEventId } from '@lt/contracts';
import { BLOB_STORE, BlobStore } from '@lt/blobs';
import {
  BussinessDocType,
  businessDocTypeOf,
  DocumentPackage,
  parseDocumentPackage,
  ReceiverType,
  targetDocumentIds,
} from '@lt/edxml';
import { ReplayClaim } from '../../auth/authenticated-agency';
import { bodyDigest } from '../../auth/request-signature';
import { fromNotCaller, packageRejected, PackageProblemView, problemView } from '../../http/package-problems';
import { IdempotentCommand } from '../../idempotency/idempotent-command';

/** What a submission came to; stored as the Idempotency-Key's answer, so plain JSON. */
export type SubmissionOutcome =
  | { kind: 'accepted'; documentId: string; sha256: string; warnings: PackageProblemView[] }
  /** The sender already submitted this DocumentId with this business type: the original's id. */
  | { kind: 'duplicate'; documentId: string; sha256: string; senderDocumentId: string };

export interface SubmissionRequest {
  /** The authenticated agency: the package's From must be it. */
  callerCode: string;
  via: 'rest' | 'vxp';
  idempotencyKey?: string;
  /** The request's nonce, claimed in the submission's transaction (see `ClaimNonceInCommand`). */
  replayClaim?: ReplayClaim;
}

/**
 * Accepts a document package: checks it parses (lenient level) and comes from the caller, stores its
 * bytes content-addressed, records it and publishes `document.submitted`, all or nothing — once per
 * Idempotency-Key and once per sender DocumentId and business type.
 */
@Injectable()
export class SubmitDocumentUseCase {
  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly idempotent: IdempotentCommand,
  ) {}

  async execute(
    bytes: Buffer,
    request: SubmissionRequest,
  ): Promise<SubmissionOutcome & { replayed: boolean }> {
    const parsed = parseDocumentPackage(bytes, { level: 'lenient' });
    if (!parsed.ok) throw packageRejected(parsed.errors, parsed.warnings);
    const pkg = parsed.value;
    const senderCode = pkg.header.from.organId;
    if (senderCode !== request.callerCode) throw fromNotCaller(senderCode, request.callerCode);
    // The blob is stored while the transaction records the document (its digest is known already);
    // the event naming it is staged only once it is stored, so no event refers to a missing blob.
    const sha256 = bodyDigest(bytes);
    const stored = this.blobs.put(bytes);
    stored.catch(() => undefined);
    const businessType = businessDocTypeOf(pkg) as number;
    const { outcome, replayed } = await this.idempotent.run<SubmissionOutcome>(
      {
        agencyCode: request.callerCode,
        key: request.idempotencyKey,
        operation: 'document',
        requestSha256: sha256,
        replayClaim: request.replayClaim,
      },
      async (manager) => {
        const documentId = newEventId();
        const recipientCodes = pkg.header.to.map((o) => o.organId);
        const schema = (manager.connection.options as { schema?: string }).schema ?? 'public';
        const inserted: Array<{ id: string }> = await manager.query(
          `INSERT INTO "${schema}".document (id, sender_code, sender_document_id, business_type, recipient_codes, sha256, size, received_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, now())
           ON CONFLICT (sender_code, sender_document_id, business_type) DO NOTHING RETURNING id`,
          [documentId, senderCode, pkg.header.documentId, businessType, recipientCodes, sha256, bytes.length],
        );
        const blob = await stored;
        if (inserted.length === 0) {
          const original: Array<{ id: string; sha256: string }> = await manager.query(
            `SELECT id, sha256 FROM "${schema}".document WHERE sender_code = $1 AND sender_document_id = $2 AND business_type = $3`,
            [senderCode, pkg.header.documentId, businessType],
          );
          const result: SubmissionOutcome = {
            kind: 'duplicate',
            documentId: original[0].id,
            sha256: original[0].sha256,
            senderDocumentId: pkg.header.documentId,
          };
          return { result, events: [] };
        }
        const event = createEvent({
          type: 'document.submitted',
          aggregate: { type: 'document', id: documentId },
          correlationId: documentId,
          actor: senderCode,
          data: {
            documentId,
            senderCode,
            recipientCodes,
            blob,
            header: headerSummary(pkg),
            request: { via: request.via, idempotencyKey: request.idempotencyKey },
          },
        });
        const result: SubmissionOutcome = {
          kind: 'accepted',
          documentId,
          sha256: blob.sha256,
          warnings: parsed.warnings.map(problemView),
        };
        return { result, events: [event] };
      },
    );
    return { ...outcome, replayed };
  }
}

/** The header fields later services need without reading the package again. */
export function headerSummary(pkg: DocumentPackage): DocumentHeaderSummary {
  const h = pkg.header;
  const businessType = businessDocTypeOf(pkg) as number;
  return {
    senderDocumentId: h.documentId,
    businessType,
    targetDocumentId: businessType !== 0 ? targetDocumentIds(pkg)[0] : undefined,
    codeNumber: h.code.codeNumber,
    codeNotation: h.code.codeNotation,
    subject: h.subject,
    promulgationDate: h.promulgationInfo.promulgationDate,
    priority: h.priority ?? 0,
    documentType: h.documentType?.typeName,
    // What an update or a replacement changes about the recipients, for routing.
    receiverChanges:
      businessType === BussinessDocType.Update && pkg.business?.receivers.length
        ? pkg.business.receivers.map((r) => ({
            organId: r.organId,
            change: r.receiverType === ReceiverType.Added ? ('added' as const) : ('removed' as const),
          }))
        : undefined,
    replacements:
      businessType === BussinessDocType.Replacement && pkg.business?.replacements.length
        ? pkg.business.replacements.map((r) => ({ documentId: r.documentId, organIds: r.organIds }))
        : undefined,
  };
}

/** SHA-256 of request bytes (exported for the facade's hash-file check). */
export const sha256Hex = bodyDigest;

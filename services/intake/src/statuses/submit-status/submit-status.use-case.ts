import { Inject, Injectable } from '@nestjs/common';
import { createEvent, newEventId } from '@lt/contracts';
import { BLOB_STORE, BlobStore } from '@lt/blobs';
import { parseStatusPackage } from '@lt/edxml';
import { fromNotCaller, packageRejected, PackageProblemView, problemView } from '../../http/package-problems';
import { IdempotentCommand } from '../../idempotency/idempotent-command';

/** What a status submission came to (stored as the Idempotency-Key's answer). */
export interface StatusOutcome {
  statusId: string;
  statusCode: string;
  normalisedFrom?: string;
  responseFor: { organId: string; documentId: string };
  sha256: string;
  warnings: PackageProblemView[];
}

/**
 * Accepts a status package from the agency it is from: stores its bytes, records it and publishes
 * `status.submitted`; routing carries it back to the document's sender.
 */
@Injectable()
export class SubmitStatusUseCase {
  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly idempotent: IdempotentCommand,
  ) {}

  async execute(
    bytes: Buffer,
    request: { callerCode: string; via: 'rest' | 'vxp'; idempotencyKey?: string },
  ): Promise<StatusOutcome & { replayed: boolean }> {
    const parsed = parseStatusPackage(bytes, { level: 'lenient' });
    if (!parsed.ok) throw packageRejected(parsed.errors, parsed.warnings);
    const h = parsed.value.header;
    if (h.from.organId !== request.callerCode) throw fromNotCaller(h.from.organId, request.callerCode);
    const blob = await this.blobs.put(bytes);
    const { outcome, replayed } = await this.idempotent.run<StatusOutcome>(
      {
        agencyCode: request.callerCode,
        key: request.idempotencyKey,
        operation: 'status',
        requestSha256: blob.sha256,
      },
      async (manager) => {
        const statusId = newEventId();
        const schema = (manager.connection.options as { schema?: string }).schema ?? 'public';
        await manager.query(
          `INSERT INTO "${schema}".status (id, sender_code, response_for_organ_id, response_for_document_id, status_code, sha256, size, received_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
          [
            statusId,
            h.from.organId,
            h.responseFor.organId,
            h.responseFor.documentId,
            h.statusCode,
            blob.sha256,
            blob.size,
          ],
        );
        const [codeNumber, ...notation] = (h.responseFor.code ?? '').split('/');
        const event = createEvent({
          type: 'status.submitted',
          aggregate: { type: 'status', id: statusId },
          correlationId: statusId,
          actor: h.from.organId,
          data: {
            statusId,
            senderCode: h.from.organId,
            responseFor: {
              organId: h.responseFor.organId,
              documentId: h.responseFor.documentId,
              codeNumber: codeNumber || undefined,
              codeNotation: notation.join('/') || undefined,
            },
            statusCode: h.statusCode,
            normalisedFrom: h.statusCodeNormalisedFrom,
            description: h.description,
            timestamp: h.timestamp,
            blob,
          },
        });
        const result: StatusOutcome = {
          statusId,
          statusCode: h.statusCode,
          normalisedFrom: h.statusCodeNormalisedFrom,
          responseFor: { organId: h.responseFor.organId, documentId: h.responseFor.documentId },
          sha256: blob.sha256,
          warnings: parsed.warnings.map(problemView),
        };
        return { result, events: [event] };
      },
    );
    return { ...outcome, replayed };
  }
}

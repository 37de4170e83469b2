import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { AuditConfig } from '../audit.config';
import { LifecycleRepository } from '../lifecycle/lifecycle.repository';
import { DocumentLifecycle } from '../lifecycle/lifecycle';
import { AuditorAuthGuard, RequireRole } from '../auth/auditor-auth.guard';
import { textParam } from '../http/query-params';

/** Recipients that have not confirmed receipt (01/03) within the deadline, as of `now`. */
export function overdueRecipients(doc: DocumentLifecycle, deadlineHours: number, now = Date.now()) {
  return Object.values(doc.recipients)
    .filter((r) => !r.receivedAt && !r.refusedAt)
    .filter(
      (r) =>
        r.receiptOverdue || (r.deliveredAt && Date.parse(r.deliveredAt) + deadlineHours * 3_600_000 < now),
    )
    .map((r) => ({
      agencyCode: r.agencyCode,
      deliveredAt: r.deliveredAt ?? null,
      deadline:
        r.receiptOverdue?.deadline ??
        new Date(Date.parse(r.deliveredAt as string) + deadlineHours * 3_600_000).toISOString(),
      reportedByDelivery: !!r.receiptOverdue,
    }));
}

/** The lifecycle of one document, rebuilt from the audit log. */
@Controller('v1/audit/documents')
@UseGuards(AuditorAuthGuard)
@RequireRole('auditor')
export class GetLifecycleHttpController {
  constructor(
    private readonly lifecycles: LifecycleRepository,
    @InjectServiceConfig() private readonly config: AuditConfig,
  ) {}

  /**
   * `GET /v1/audit/documents/:id/lifecycle[?sender=]`: submission, signature verdict with evidence,
   * routing per recipient, delivery attempts, statuses (out-of-order ones flagged), relations, and the
   * recipients whose receipt is overdue now (AUDIT_RECEIPT_DEADLINE_HOURS).
   */
  @Get(':id/lifecycle')
  async lifecycle(@Param('id') id: string, @Query('sender') sender?: string) {
    const documentId = await this.lifecycles.resolveOne(id, textParam('sender', sender));
    const doc = documentId ? await this.lifecycles.lifecycle(documentId) : undefined;
    if (!doc)
      throw new ProblemError(
        404,
        'DOCUMENT_NOT_FOUND',
        'No lifecycle for this document',
        'Không có vòng đời cho văn bản này',
        id,
      );
    return {
      documentId: doc.documentId,
      summary: doc.summary,
      overdueReceipts: overdueRecipients(doc, this.config.AUDIT_RECEIPT_DEADLINE_HOURS),
      lifecycle: doc,
    };
  }
}

import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { InjectServiceConfig } from '@lt/runtime';
import { AuditConfig } from '../audit.config';
import { LifecycleRepository } from '../lifecycle/lifecycle.repository';
import { AuditorAuthGuard, RequireRole } from '../auth/auditor-auth.guard';
import { dateParam, intParam, oneOfParam, textParam } from '../http/query-params';
import { CSV_CONTENT_TYPE, toCsv } from '../http/csv';

/** Search over the lifecycle projection. */
@Controller('v1/audit/documents')
@UseGuards(AuditorAuthGuard)
@RequireRole('auditor')
export class SearchDocumentsHttpController {
  constructor(
    private readonly lifecycles: LifecycleRepository,
    @InjectServiceConfig() private readonly config: AuditConfig,
  ) {}

  /**
   * `GET /v1/audit/documents?sender=&recipient=&from=&to=&type=&priority=&status=&codeNotation=&q=&limit=&cursor=&format=csv`
   * Newest first; `q` matches words of the subject with or without diacritics; `nextCursor` fetches the
   * next page. CSV returns up to AUDIT_CSV_MAX_ROWS rows.
   */
  @Get()
  async search(
    @Query() query: Record<string, string | undefined>,
    @Res({ passthrough: true }) reply: { header(n: string, v: string): unknown },
  ) {
    const csv = oneOfParam('format', query.format, ['json', 'csv'] as const, 'json') === 'csv';
    const max = csv ? this.config.AUDIT_CSV_MAX_ROWS : this.config.AUDIT_SEARCH_MAX_PAGE;
    const criteria = {
      sender: textParam('sender', query.sender, 50),
      recipient: textParam('recipient', query.recipient, 50),
      from: dateParam('from', query.from),
      to: dateParam('to', query.to),
      type: textParam('type', query.type, 100),
      priority: intParam('priority', query.priority, 0, 4),
      status: textParam('status', query.status, 2),
      codeNotation: textParam('codeNotation', query.codeNotation, 30),
      q: textParam('q', query.q, 500),
      limit: intParam('limit', query.limit, 1, max) ?? Math.min(max, csv ? max : 20),
      cursor: textParam('cursor', query.cursor, 500),
    };
    const page = await this.lifecycles.search(criteria);
    if (!csv) return page;
    reply.header('content-type', CSV_CONTENT_TYPE);
    return toCsv(
      [
        'documentId',
        'senderCode',
        'senderDocumentId',
        'codeNotation',
        'documentType',
        'priority',
        'submittedAt',
        'recipients',
        'currentStatuses',
        'overall',
        'summary',
        'subject',
      ],
      page.items.map((d) => [
        d.documentId,
        d.senderCode,
        d.senderDocumentId,
        d.codeNotation,
        d.documentType,
        d.priority,
        d.submittedAt,
        d.recipientCodes.join(' '),
        d.currentStatuses.join(' '),
        d.overall,
        d.summary,
        d.subject,
      ]),
    );
  }
}

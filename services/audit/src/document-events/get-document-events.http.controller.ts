import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ProblemError } from '@lt/runtime';
import { EventLogRepository } from '../event-log/event-log.repository';
import { LifecycleRepository } from '../lifecycle/lifecycle.repository';
import { AuditorAuthGuard, RequireRole } from '../auth/auditor-auth.guard';
import { CSV_CONTENT_TYPE, toCsv } from '../http/csv';
import { oneOfParam, textParam } from '../http/query-params';

interface Reply {
  header(name: string, value: string): unknown;
}

/** Auditors' view of one document's raw event history. */
@Controller('v1/audit/documents')
@UseGuards(AuditorAuthGuard)
@RequireRole('auditor')
export class GetDocumentEventsHttpController {
  constructor(
    private readonly log: EventLogRepository,
    private readonly lifecycles: LifecycleRepository,
  ) {}

  /**
   * `GET /v1/audit/documents/:id/events[?sender=&format=csv]`: the document's events in log order, with
   * their chain hashes. `:id` is the hub id or the sender's DocumentId (URL-encoded; `sender` narrows it).
   */
  @Get(':id/events')
  async documentEvents(
    @Param('id') id: string,
    @Query('sender') sender: string | undefined,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ) {
    const documentId = (await this.lifecycles.resolveOne(id, textParam('sender', sender))) ?? id;
    const events = await this.log.forDocument(documentId);
    if (events.length === 0) {
      throw new ProblemError(
        404,
        'DOCUMENT_NOT_FOUND',
        'No events for this document',
        'Không có sự kiện nào cho văn bản này',
        id,
      );
    }
    if (oneOfParam('format', format, ['json', 'csv'] as const, 'json') === 'csv') {
      reply.header('content-type', CSV_CONTENT_TYPE);
      return toCsv(
        ['position', 'eventId', 'streamSequence', 'type', 'occurredAt', 'actor', 'traceId', 'hash'],
        events.map((e) => [
          e.position,
          e.eventId,
          e.streamSequence,
          e.type,
          e.occurredAt,
          e.actor,
          e.traceId,
          e.hash,
        ]),
      );
    }
    return { documentId, events };
  }
}

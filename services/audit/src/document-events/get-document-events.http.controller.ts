import { Controller, Get, Param } from '@nestjs/common';
import { ProblemError } from '@lt/runtime';
import { EventLogRepository } from '../event-log/event-log.repository';

/** Auditors' view of one document's raw event history. */
@Controller('v1/audit/documents')
export class GetDocumentEventsHttpController {
  constructor(private readonly log: EventLogRepository) {}

  /** `GET /v1/audit/documents/:id/events`: the document's events in log order, with their chain hashes. */
  @Get(':id/events')
  async documentEvents(@Param('id') id: string) {
    const events = await this.log.forDocument(id);
    if (events.length === 0) {
      throw new ProblemError(
        404,
        'DOCUMENT_NOT_FOUND',
        'No events for this document',
        'Không có sự kiện nào cho văn bản này',
        id,
      );
    }
    return { documentId: id, events };
  }
}

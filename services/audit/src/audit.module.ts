import { DynamicModule, Module } from '@nestjs/common';
import { ServiceInfrastructureModule } from '@lt/runtime';
import { AuditConfig } from './audit.config';
import { CreateEventLog1700000000400 } from './migrations/1700000000400-create-event-log.migration';
import { EventLogRepository } from './event-log/event-log.repository';
import { RecordEventEventController } from './event-log/record-event.event.controller';
import { GetDocumentEventsHttpController } from './document-events/get-document-events.http.controller';

/** audit: the hash-chained event log and the auditors' API. */
@Module({})
export class AuditModule {
  static register(config: AuditConfig): DynamicModule {
    return {
      module: AuditModule,
      imports: [
        ServiceInfrastructureModule.register({
          name: 'audit',
          schema: 'audit',
          config,
          migrations: [CreateEventLog1700000000400],
        }),
      ],
      controllers: [RecordEventEventController, GetDocumentEventsHttpController],
      providers: [EventLogRepository],
    };
  }
}

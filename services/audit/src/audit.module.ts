import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UpcasterRegistry } from '@lt/contracts';
import { ServiceInfrastructureModule } from '@lt/runtime';
import { AuditConfig } from './audit.config';
import { AUDIT_MIGRATIONS } from './migrations/audit-migrations';
import { EventLogRepository } from './event-log/event-log.repository';
import { EventLogAppender } from './event-log/event-log.appender';
import { IngestService } from './event-log/ingest.service';
import { LifecycleProjector } from './lifecycle/lifecycle-projector';
import { LifecycleRepository } from './lifecycle/lifecycle.repository';
import { AUDIT_UPCASTERS, auditUpcasters } from './lifecycle/audit-upcasters';
import { CheckpointRecorder } from './checkpoints/checkpoint-recorder';
import { AuditorAuthGuard } from './auth/auditor-auth.guard';
import { EVIDENCE_SIGNER, EvidenceSigner } from './evidence/evidence-signer';
import { RebuildJobs } from './rebuild/rebuild-jobs';
import { GetDocumentEventsHttpController } from './document-events/get-document-events.http.controller';
import { GetLifecycleHttpController } from './document-lifecycle/get-lifecycle.http.controller';
import { SearchDocumentsHttpController } from './search-documents/search-documents.http.controller';
import { VerifyIntegrityHttpController } from './integrity/verify-integrity.http.controller';
import { AgencyReportHttpController } from './reports/agency-report.http.controller';
import { ExportEvidenceHttpController } from './evidence/export-evidence.http.controller';
import { RebuildHttpController } from './rebuild/rebuild.http.controller';

export interface AuditModuleOptions {
  /** Upcasters applied when projections read the log (default: auditUpcasters()). */
  upcasters?: UpcasterRegistry;
}

/** audit: the hash-chained event log, lifecycle projections and the auditors' API. */
@Module({})
export class AuditModule {
  static register(config: AuditConfig, options: AuditModuleOptions = {}): DynamicModule {
    const signer = EvidenceSigner.fromFile(config.AUDIT_SIGNING_KEY_FILE);
    return {
      module: AuditModule,
      imports: [
        ServiceInfrastructureModule.register({
          name: 'audit',
          schema: 'audit',
          config,
          migrations: AUDIT_MIGRATIONS,
        }),
      ],
      controllers: [
        // Search first: its route `GET /v1/audit/documents` must not be shadowed.
        SearchDocumentsHttpController,
        GetDocumentEventsHttpController,
        GetLifecycleHttpController,
        ExportEvidenceHttpController,
        VerifyIntegrityHttpController,
        AgencyReportHttpController,
        RebuildHttpController,
      ],
      providers: [
        { provide: AUDIT_UPCASTERS, useValue: options.upcasters ?? auditUpcasters() },
        { provide: EVIDENCE_SIGNER, useValue: signer },
        {
          provide: LifecycleProjector,
          useFactory: (upcasters: UpcasterRegistry) => new LifecycleProjector('audit', upcasters),
          inject: [AUDIT_UPCASTERS],
        },
        {
          provide: EventLogAppender,
          // No inline projection: IngestService runs the LiveProjectionWorker beside the ingest (ADR 0007).
          useFactory: (ds: DataSource) => new EventLogAppender(ds),
          inject: [DataSource],
        },
        EventLogRepository,
        LifecycleRepository,
        IngestService,
        CheckpointRecorder,
        AuditorAuthGuard,
        RebuildJobs,
      ],
    };
  }
}

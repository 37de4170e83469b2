import { DynamicModule, Module } from '@nestjs/common';
import { ServiceInfrastructureModule } from '@lt/runtime';
import { RoutingConfig } from './routing.config';
import { CreateDirectory1700000000200 } from './migrations/1700000000200-create-directory.migration';
import { CreateRoutedDocument1700000000201 } from './migrations/1700000000201-create-routed-document.migration';
import { DirectoryVersion1700000000202 } from './migrations/1700000000202-directory-version.migration';
import { RoutedDocumentPriority1700000000203 } from './migrations/1700000000203-routed-document-priority.migration';
import { DirectoryCache } from './directory/directory-cache';
import { AgencyDirectoryRepository } from './directory/agency-directory.repository';
import { DirectoryWriter } from './directory/directory-writer';
import { OperatorTokenGuard } from './directory-admin/operator-token.guard';
import { OperatorAgenciesHttpController } from './directory-admin/operator-agencies.http.controller';
import { ImportDirectoryUseCase } from './directory-import/import-directory.use-case';
import { OperatorDirectoryHttpController } from './directory-import/operator-directory.http.controller';
import { SeedDirectory } from './directory-import/seed-directory';
import { DirectoryQueries } from './directory-queries/directory-queries';
import { AgenciesQueryController } from './directory-queries/agencies.query.controller';
import { RouteDocumentEventController } from './route-document/route-document.event.controller';
import { RouteDocumentUseCase } from './route-document/route-document.use-case';
import { RoutedDocumentRepository } from './route-document/routed-document.repository';
import { RouteStatusEventController } from './route-status/route-status.event.controller';
import { RouteStatusUseCase } from './route-status/route-status.use-case';

/** routing: the agency directory and routing decisions. */
@Module({})
export class RoutingModule {
  static register(config: RoutingConfig): DynamicModule {
    return {
      module: RoutingModule,
      imports: [
        ServiceInfrastructureModule.register({
          name: 'routing',
          schema: 'routing',
          config,
          migrations: [
            CreateDirectory1700000000200,
            CreateRoutedDocument1700000000201,
            DirectoryVersion1700000000202,
            RoutedDocumentPriority1700000000203,
          ],
        }),
      ],
      controllers: [
        OperatorAgenciesHttpController,
        OperatorDirectoryHttpController,
        AgenciesQueryController,
        RouteDocumentEventController,
        RouteStatusEventController,
      ],
      providers: [
        AgencyDirectoryRepository,
        DirectoryCache,
        DirectoryWriter,
        OperatorTokenGuard,
        ImportDirectoryUseCase,
        SeedDirectory,
        DirectoryQueries,
        RouteDocumentUseCase,
        RoutedDocumentRepository,
        RouteStatusUseCase,
      ],
    };
  }
}

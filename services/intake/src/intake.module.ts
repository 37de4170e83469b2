import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { ServiceInfrastructureModule } from '@lt/runtime';
import { IntakeConfig } from './intake.config';
import { DocumentRecord } from './documents/document.entity';
import { CreateDocument1700000000100 } from './migrations/1700000000100-create-document.migration';
import { AgencyApi1700000000101 } from './migrations/1700000000101-agency-api.migration';
import { UnloggedRequestNonce1700000000102 } from './migrations/1700000000102-unlogged-request-nonce.migration';
import { SubmitDocumentHttpController } from './documents/submit-document/submit-document.http.controller';
import { SubmitDocumentUseCase } from './documents/submit-document/submit-document.use-case';
import { GetDocumentUseCase } from './documents/get-document/get-document.use-case';
import { DocumentRepository } from './documents/document.repository';
import { SubmitStatusHttpController } from './statuses/submit-status/submit-status.http.controller';
import { SubmitStatusUseCase } from './statuses/submit-status/submit-status.use-case';
import { InboxHttpController } from './inbox/inbox.http.controller';
import { InboxUseCases } from './inbox/inbox.use-cases';
import { AgenciesHttpController } from './agencies/agencies.http.controller';
import { VxpFacadeHttpController } from './vxp/vxp-facade.http.controller';
import { VxpAuthGuard } from './vxp/vxp-auth.guard';
import { AgencyAuthenticator } from './auth/agency-authenticator';
import { AgencyAuthGuard, AgencyRateLimiter } from './auth/agency-auth.guard';
import { CredentialRepository } from './auth/credential.repository';
import { ReplayGuard } from './auth/replay-guard';
import { IdempotentCommand } from './idempotency/idempotent-command';
import { OperatorTokenGuard } from './operator/operator-token.guard';
import { ManageCredentialsHttpController } from './operator/credentials/manage-credentials.http.controller';
import { ManageCredentialsUseCase } from './operator/credentials/manage-credentials.use-case';
import { OpenApiDocument } from './openapi/openapi-document';
import { OpenApiHttpController } from './openapi/openapi.http.controller';
import { RequestTimeoutInterceptor } from './http/request-timeout.interceptor';

/** intake: the agency-facing API (native /v1, the /vxp facade, operator credentials). */
@Module({})
export class IntakeModule {
  static register(config: IntakeConfig): DynamicModule {
    return {
      module: IntakeModule,
      imports: [
        DiscoveryModule,
        ServiceInfrastructureModule.register({
          name: 'intake',
          schema: 'intake',
          config,
          entities: [DocumentRecord],
          migrations: [
            CreateDocument1700000000100,
            AgencyApi1700000000101,
            UnloggedRequestNonce1700000000102,
          ],
          blobs: true,
        }),
      ],
      controllers: [
        SubmitDocumentHttpController,
        SubmitStatusHttpController,
        InboxHttpController,
        AgenciesHttpController,
        VxpFacadeHttpController,
        ManageCredentialsHttpController,
        OpenApiHttpController,
      ],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: RequestTimeoutInterceptor },
        SubmitDocumentUseCase,
        GetDocumentUseCase,
        DocumentRepository,
        SubmitStatusUseCase,
        InboxUseCases,
        CredentialRepository,
        ReplayGuard,
        AgencyAuthenticator,
        AgencyRateLimiter,
        AgencyAuthGuard,
        VxpAuthGuard,
        OperatorTokenGuard,
        IdempotentCommand,
        ManageCredentialsUseCase,
        OpenApiDocument,
      ],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { ServiceInfrastructureModule } from '@lt/runtime';
import { IntakeConfig } from './intake.config';
import { DocumentRecord } from './documents/document.entity';
import { CreateDocument1700000000100 } from './migrations/1700000000100-create-document.migration';
import { SubmitDocumentHttpController } from './documents/submit-document/submit-document.http.controller';
import { SubmitDocumentUseCase } from './documents/submit-document/submit-document.use-case';

/** intake: the agency-facing API. */
@Module({})
export class IntakeModule {
  static register(config: IntakeConfig): DynamicModule {
    return {
      module: IntakeModule,
      imports: [
        ServiceInfrastructureModule.register({
          name: 'intake',
          schema: 'intake',
          config,
          entities: [DocumentRecord],
          migrations: [CreateDocument1700000000100],
          blobs: true,
        }),
      ],
      controllers: [SubmitDocumentHttpController],
      providers: [SubmitDocumentUseCase],
    };
  }
}

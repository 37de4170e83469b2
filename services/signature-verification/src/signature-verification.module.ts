import { DynamicModule, Module } from '@nestjs/common';
import { ServiceInfrastructureModule } from '@lt/runtime';
import { SignatureVerificationConfig } from './signature-verification.config';
import { VerifyDocumentEventController } from './verify-document/verify-document.event.controller';

/** signature-verification: one verdict per submitted package. */
@Module({})
export class SignatureVerificationModule {
  static register(config: SignatureVerificationConfig): DynamicModule {
    return {
      module: SignatureVerificationModule,
      imports: [
        ServiceInfrastructureModule.register({
          name: 'signature-verification',
          schema: 'signature_verification',
          config,
          blobs: true,
        }),
      ],
      controllers: [VerifyDocumentEventController],
    };
  }
}

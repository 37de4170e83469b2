import { DynamicModule, Module } from '@nestjs/common';
import { ServiceInfrastructureModule } from '@lt/runtime';
import { SignatureVerificationConfig } from './signature-verification.config';
import { CreateVerdicts1700000000500 } from './migrations/1700000000500-create-verdicts.migration';
import { VerifyDocumentEventController } from './verify-document/verify-document.event.controller';
import { AgencyPolicyEventController } from './agency-policies/agency-policy.event.controller';
import { AgencyPolicyRepository } from './agency-policies/agency-policy.repository';
import { CertificateExpiryMonitor } from './expiry/certificate-expiry.monitor';
import { createVerificationDeps, VERIFICATION_DEPS } from './verification-dependencies';

/** signature-verification: one verdict, with evidence, per submitted package. */
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
          migrations: [CreateVerdicts1700000000500],
          blobs: true,
        }),
      ],
      controllers: [VerifyDocumentEventController, AgencyPolicyEventController],
      providers: [
        AgencyPolicyRepository,
        CertificateExpiryMonitor,
        { provide: VERIFICATION_DEPS, useFactory: () => createVerificationDeps(config) },
      ],
    };
  }
}

import { INestApplication } from '@nestjs/common';
import { bootstrapService } from '@lt/runtime';
import {
  loadSignatureVerificationConfig,
  SignatureVerificationConfig,
} from './signature-verification.config';
import { SignatureVerificationModule } from './signature-verification.module';

export async function startSignatureVerification(
  config: SignatureVerificationConfig = loadSignatureVerificationConfig(),
): Promise<INestApplication> {
  return bootstrapService({
    name: 'signature-verification',
    module: SignatureVerificationModule.register(config),
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    logLevel: config.LOG_LEVEL,
  });
}

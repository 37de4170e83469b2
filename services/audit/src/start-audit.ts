import { INestApplication } from '@nestjs/common';
import { bootstrapService } from '@lt/runtime';
import { AuditConfig, loadAuditConfig } from './audit.config';
import { AuditModule } from './audit.module';

export async function startAudit(config: AuditConfig = loadAuditConfig()): Promise<INestApplication> {
  return bootstrapService({
    name: 'audit',
    module: AuditModule.register(config),
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    logLevel: config.LOG_LEVEL,
  });
}

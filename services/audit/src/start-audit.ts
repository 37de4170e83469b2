import { INestApplication } from '@nestjs/common';
import { bootstrapService } from '@lt/runtime';
import { AuditConfig, loadAuditConfig } from './audit.config';
import { AuditModule, AuditModuleOptions } from './audit.module';

/** Starts the audit service (ingest, checkpoints, auditors' API) with `config`. */
export async function startAudit(
  config: AuditConfig = loadAuditConfig(),
  options: AuditModuleOptions = {},
): Promise<INestApplication> {
  return bootstrapService({
    name: 'audit',
    module: AuditModule.register(config, options),
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    logLevel: config.LOG_LEVEL,
  });
}

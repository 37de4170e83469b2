import { INestApplication } from '@nestjs/common';
import { bootstrapService } from '@lt/runtime';
import { IntakeConfig, loadIntakeConfig } from './intake.config';
import { IntakeModule } from './intake.module';

/** Starts intake with the given configuration (tests start it in-process the same way). */
export async function startIntake(config: IntakeConfig = loadIntakeConfig()): Promise<INestApplication> {
  return bootstrapService({
    name: 'intake',
    module: IntakeModule.register(config),
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    logLevel: config.LOG_LEVEL,
    bodyLimit: config.MAX_PACKAGE_BYTES,
    configureHttp: (app) => {
      // Packages arrive as raw bytes whatever their declared type (agency software varies).
      app
        .getHttpAdapter()
        .getInstance()
        .addContentTypeParser(
          '*',
          { parseAs: 'buffer', bodyLimit: config.MAX_PACKAGE_BYTES },
          (_req, body, done) => done(null, body),
        );
    },
  });
}

import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { INestApplication } from '@nestjs/common';
import { bootstrapService } from '@lt/runtime';
import { IntakeRequest } from './auth/authenticated-agency';
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
      const fastify = app.getHttpAdapter().getInstance();
      // The request signature covers the body's SHA-256: hash it as it streams in, with no copy.
      fastify.addHook('preParsing', async (request, _reply, payload) => {
        const hash = createHash('sha256');
        const tap = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            hash.update(chunk);
            callback(null, chunk);
          },
          flush(callback) {
            (request as unknown as IntakeRequest).bodySha256 = hash.digest('hex');
            callback();
          },
        });
        return payload.pipe(tap);
      });
      // Packages arrive as raw bytes whatever their declared type (agency software varies).
      fastify.addContentTypeParser(
        '*',
        { parseAs: 'buffer', bodyLimit: config.MAX_PACKAGE_BYTES },
        (_request, body, done) => done(null, body),
      );
    },
  });
}

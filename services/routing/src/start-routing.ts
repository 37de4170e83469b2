import { INestApplication } from '@nestjs/common';
import { bootstrapService } from '@lt/runtime';
import { loadRoutingConfig, RoutingConfig } from './routing.config';
import { RoutingModule } from './routing.module';

/** Starts routing: directory, operator API, directory queries and the routing event handlers. */
export async function startRouting(config: RoutingConfig = loadRoutingConfig()): Promise<INestApplication> {
  return bootstrapService({
    name: 'routing',
    module: RoutingModule.register(config),
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    logLevel: config.LOG_LEVEL,
    // The national list arrives as one body (CSV or JSON) on the operator import.
    bodyLimit: config.DIRECTORY_IMPORT_MAX_BYTES,
    configureHttp: (app) => {
      app
        .getHttpAdapter()
        .getInstance()
        .addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    },
  });
}

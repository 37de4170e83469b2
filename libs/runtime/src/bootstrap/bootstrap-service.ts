import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { connectEventTransport, JetStreamTransport, NATS_CONNECTION } from '@lt/messaging';
import {
  createLogger,
  HealthRegistry,
  httpRequestSeconds,
  PinoNestLogger,
  startProcessMetrics,
  stopTracing,
} from '@lt/observability';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { ConfigError } from '../config/env-config';
import { registeredInfrastructure } from '../infrastructure/service-infrastructure.module';
import { ExactlyOnceTables1700000000000, openServiceDataSource } from '@lt/persistence';

export interface BootstrapOptions {
  name: string;
  module: Type | DynamicModule;
  host: string;
  port: number;
  logLevel?: string;
  /** Largest request body accepted, in bytes (Fastify enforces it while reading). */
  bodyLimit?: number;
  /** Extra set-up on the Fastify instance before routes (content-type parsers, hooks). */
  configureHttp?: (app: NestFastifyApplication) => void | Promise<void>;
}

/**
 * Starts one hub service: structured logs, problem+json errors, health and metrics, the JetStream
 * transport for its event and query handlers, then HTTP. Returns the running application.
 */
export async function bootstrapService(options: BootstrapOptions): Promise<INestApplication> {
  const started = performance.now();
  const logger = createLogger(options.name, options.logLevel);
  if (process.argv.includes('--migrate-only')) {
    // `node dist/services/<name>/src/main.js --migrate-only`: migrate the service's schema and exit,
    // e.g. from a Kubernetes Job before a rollout.
    const infra = registeredInfrastructure();
    if (!infra) throw new Error('the service registered no infrastructure to migrate');
    const dataSource = await openServiceDataSource({
      url: infra.config.DATABASE_URL,
      schema: infra.schema,
      migrations: [ExactlyOnceTables1700000000000, ...(infra.migrations ?? [])],
    });
    await dataSource.destroy();
    logger.info({ schema: infra.schema }, `${options.name}: migrations applied`);
    process.exit(0);
  }
  startProcessMetrics(options.name);
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    requestTimeout: 120_000,
  });
  const app = await NestFactory.create<NestFastifyApplication>(options.module, adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: true,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    httpRequestSeconds.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  await options.configureHttp?.(app);
  // Also sees errors Fastify raises before a route runs (body too large, bad media type): Nest routes
  // them through the global filters.
  app.useGlobalFilters(new ProblemDetailsFilter());
  connectEventTransport(app);
  registerReadinessChecks(app);
  await app.startAllMicroservices();
  await app.listen(options.port, options.host);
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  logger.info(
    {
      port,
      startupMs: Math.round(performance.now() - started),
      uptimeMs: Math.round(process.uptime() * 1000),
    },
    `${options.name} ready on http://${options.host}:${port}`,
  );
  return app;
}

function registerReadinessChecks(app: INestApplication): void {
  const health = app.get(HealthRegistry);
  const nc = app.get<NatsConnection>(NATS_CONNECTION);
  health.register('nats', async () => {
    if (nc.isClosed()) throw new Error('connection closed');
    await nc.rtt();
  });
  const dataSource = app.get(DataSource, { strict: false });
  health.register('postgres', async () => {
    await dataSource.query('SELECT 1');
  });
  const transport = app.get(JetStreamTransport);
  health.register('consumers', () => {
    if (!transport.isBound()) throw new Error('consumers not bound');
  });
}

/**
 * Runs a service's `main`: a configuration error prints which variable is wrong and exits 1;
 * SIGTERM/SIGINT close the application gracefully (Nest shutdown hooks, NATS drain).
 */
export function runService(name: string, start: () => Promise<INestApplication>): void {
  start()
    .then((app) => {
      const shutdown = async (signal: string) => {
        process.stderr.write(`${name}: ${signal}, shutting down\n`);
        await app.close().catch(() => undefined);
        await stopTracing();
        process.exit(0);
      };
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      process.once('SIGINT', () => void shutdown('SIGINT'));
    })
    .catch((error) => {
      if (error instanceof ConfigError) {
        process.stderr.write(
          `${JSON.stringify({ level: 'fatal', service: name, variable: error.variable, msg: error.message })}\n`,
        );
      } else {
        process.stderr.write(
          `${JSON.stringify({ level: 'fatal', service: name, msg: String(error?.stack ?? error) })}\n`,
        );
      }
      process.exit(1);
    });
}

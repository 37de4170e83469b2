import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { Subjects, UpcasterRegistry } from '@lt/contracts';
import { EventPublisher, MessagingModule, NATS_CONNECTION } from '@lt/messaging';
import { ObservabilityModule } from '@lt/observability';
import {
  ExactlyOnceTables1700000000000,
  ensureSchema,
  runMigrations,
  serviceDataSourceOptions,
  TransactionalOutbox,
} from '@lt/persistence';
import { BLOB_STORE, JetStreamObjectBlobStore } from '@lt/blobs';
import { BaseServiceConfig } from '../config/service-config';

export interface ServiceInfrastructureOptions {
  /** Service name: names its consumers, logs, metrics and traces. */
  name: string;
  /** Its PostgreSQL schema. */
  schema: string;
  config: BaseServiceConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: Function[];
  upcasters?: UpcasterRegistry;
  /** Set for services that read or write package blobs. */
  blobs?: boolean;
}

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

let lastRegistered: ServiceInfrastructureOptions | undefined;

/** The infrastructure options the service registered (for `--migrate-only`). */
export function registeredInfrastructure(): ServiceInfrastructureOptions | undefined {
  return lastRegistered;
}

@Injectable()
class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('OutboxRelay');

  constructor(private readonly outbox: TransactionalOutbox) {}

  onApplicationBootstrap(): void {
    // Publishes events a crashed process committed but never sent.
    this.timer = setInterval(() => {
      this.outbox.relay().then(
        (n) => n && this.logger.warn(`relayed ${n} unpublished events`),
        (error) => this.logger.error(`outbox relay failed: ${(error as Error).message}`),
      );
    }, 5_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}

/**
 * What every hub service stands on: health and metrics, the event transport and publisher, its own
 * PostgreSQL schema (migrated at start-up under a lock), the transactional outbox, and optionally the
 * blob store.
 */
@Module({})
export class ServiceInfrastructureModule {
  static register(options: ServiceInfrastructureOptions): DynamicModule {
    lastRegistered = options;
    const { config } = options;
    const streamName = config.LT_STREAM;
    return {
      module: ServiceInfrastructureModule,
      global: true,
      imports: [
        ObservabilityModule,
        MessagingModule.forRootAsync({
          upcasters: options.upcasters,
          useFactory: () => ({
            natsUrl: config.NATS_URL,
            serviceName: options.name,
            subjects: new Subjects(config.LT_SUBJECT_PREFIX),
            streamName,
            replicas: config.LT_STREAM_REPLICAS,
            ackWaitMs: config.LT_ACK_WAIT_SECONDS * 1000,
          }),
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            serviceDataSourceOptions({
              url: config.DATABASE_URL,
              schema: options.schema,
              entities: options.entities,
              migrations: [ExactlyOnceTables1700000000000, ...(options.migrations ?? [])],
              applicationName: options.name,
              poolSize: config.DATABASE_POOL_SIZE,
            }),
          dataSourceFactory: async (dsOptions) => {
            await ensureSchema(config.DATABASE_URL, options.schema);
            const dataSource = await new DataSource(dsOptions!).initialize();
            await runMigrations(dataSource, options.schema);
            return dataSource;
          },
        }),
      ],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        {
          provide: TransactionalOutbox,
          useFactory: (ds: DataSource, publisher: EventPublisher) => new TransactionalOutbox(ds, publisher),
          inject: [DataSource, EventPublisher],
        },
        OutboxRelay,
        ...(options.blobs
          ? [
              {
                provide: BLOB_STORE,
                useFactory: (nc: NatsConnection) =>
                  new JetStreamObjectBlobStore(nc, {
                    bucket: `${streamName}_BLOBS`,
                    replicas: config.LT_STREAM_REPLICAS,
                  }),
                inject: [NATS_CONNECTION],
              },
            ]
          : []),
      ],
      exports: [SERVICE_CONFIG, TransactionalOutbox, ...(options.blobs ? [BLOB_STORE] : [])],
    };
  }
}

/** Injects the service's validated configuration. */
export const InjectServiceConfig = () => Inject(SERVICE_CONFIG);

import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { INestApplication, INestMicroservice } from '@nestjs/common';
import { NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { UpcasterRegistry } from '@lt/contracts';
import { connectNats } from './connection/connect-nats';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-options';
import { EventPublisher } from './publishing/event-publisher';
import { JetStreamTransport } from './consuming/jetstream.transport';
import { RethrowRpcErrorsFilter } from './consuming/rethrow-rpc-errors.filter';
import { QueryClient } from './querying/query-client';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');

@Injectable()
class NatsConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  async onApplicationShutdown(): Promise<void> {
    // Drain: finish what was published and received, then close.
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
  }
}

export interface MessagingModuleOptions {
  useFactory: (...args: never[]) => MessagingOptions | Promise<MessagingOptions>;
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
  upcasters?: UpcasterRegistry;
}

/** Wires NATS, the event publisher, the JetStream transport and the query client into a service. */
@Module({})
export class MessagingModule {
  static forRootAsync(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        {
          provide: MESSAGING_OPTIONS,
          useFactory: options.useFactory,
          inject: (options.inject ?? []) as never[],
        },
        {
          provide: NATS_CONNECTION,
          useFactory: (o: MessagingOptions) => connectNats(o.natsUrl, o.serviceName),
          inject: [MESSAGING_OPTIONS],
        },
        {
          provide: EventPublisher,
          useFactory: (nc: NatsConnection, o: MessagingOptions) => new EventPublisher(jetstream(nc), o),
          inject: [NATS_CONNECTION, MESSAGING_OPTIONS],
        },
        {
          provide: JetStreamTransport,
          useFactory: (nc: NatsConnection, o: MessagingOptions) =>
            new JetStreamTransport(nc, o, options.upcasters),
          inject: [NATS_CONNECTION, MESSAGING_OPTIONS],
        },
        {
          provide: QueryClient,
          useFactory: (nc: NatsConnection, o: MessagingOptions) => new QueryClient(nc, o.subjects),
          inject: [NATS_CONNECTION, MESSAGING_OPTIONS],
        },
        NatsConnectionCloser,
      ],
      exports: [MESSAGING_OPTIONS, NATS_CONNECTION, EventPublisher, JetStreamTransport, QueryClient],
    };
  }
}

/**
 * Attaches the JetStream transport to an HTTP application (a hybrid app), so the service's
 * `@EventPattern` and `@MessagePattern` handlers start with `app.startAllMicroservices()`.
 */
export function connectEventTransport(app: INestApplication): INestMicroservice {
  const microservice = app.connectMicroservice(
    { strategy: app.get(JetStreamTransport) },
    // Deferred, so the filter below is in place before the handlers are wrapped.
    { inheritAppConfig: false, deferInitialization: true },
  );
  microservice.useGlobalFilters(new RethrowRpcErrorsFilter());
  // The HTTP application runs the lifecycle hooks (onModuleInit, onApplicationBootstrap) of the
  // shared container; without this the microservice would run them a second time (two timers, two
  // workers).
  (microservice as unknown as { setIsInitHookCalled(v: boolean): void }).setIsInitHookCalled(true);
  return microservice;
}

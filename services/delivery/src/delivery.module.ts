import { DynamicModule, Module } from '@nestjs/common';
import { ServiceInfrastructureModule } from '@lt/runtime';
import { DeliveryConfig } from './delivery.config';
import { CreateDelivery1700000000300 } from './migrations/1700000000300-create-delivery.migration';
import { QueueDeliveriesEventController } from './queue-deliveries/queue-deliveries.event.controller';
import { QueueDeliveriesUseCase } from './queue-deliveries/queue-deliveries.use-case';
import { PushWorker } from './push/push-worker';
import { InboxQueryController } from './inbox/inbox.query.controller';
import { InboxRepository } from './inbox/inbox.repository';
import { InboxUseCase } from './inbox/inbox.use-case';
import { ReceiptDeadlineWorker } from './receipt-deadline/receipt-deadline.worker';
import { OperatorDeliveriesHttpController } from './operator/operator-deliveries.http.controller';
import { OperatorDeliveriesRepository } from './operator/operator-deliveries.repository';
import { RedeliverUseCase } from './operator/redeliver.use-case';
import { AgencyEndpointsHttpController } from './agency-endpoints/agency-endpoints.http.controller';
import { AgencyEndpointRepository } from './agency-endpoints/agency-endpoint.repository';
import { OperatorAuthGuard } from './operator/operator-auth.guard';

/** delivery: per-recipient deliveries, push with retries and circuit breakers, pull inboxes, deadlines. */
@Module({})
export class DeliveryModule {
  static register(config: DeliveryConfig): DynamicModule {
    return {
      module: DeliveryModule,
      imports: [
        ServiceInfrastructureModule.register({
          name: 'delivery',
          schema: 'delivery',
          config,
          migrations: [CreateDelivery1700000000300],
          blobs: true,
        }),
      ],
      controllers: [
        QueueDeliveriesEventController,
        InboxQueryController,
        OperatorDeliveriesHttpController,
        AgencyEndpointsHttpController,
      ],
      providers: [
        QueueDeliveriesUseCase,
        PushWorker,
        InboxRepository,
        InboxUseCase,
        ReceiptDeadlineWorker,
        OperatorDeliveriesRepository,
        RedeliverUseCase,
        AgencyEndpointRepository,
        OperatorAuthGuard,
      ],
    };
  }
}

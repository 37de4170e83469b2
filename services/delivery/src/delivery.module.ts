import { DynamicModule, Module } from '@nestjs/common';
import { ServiceInfrastructureModule } from '@lt/runtime';
import { DeliveryConfig } from './delivery.config';
import { CreateDelivery1700000000300 } from './migrations/1700000000300-create-delivery.migration';
import { QueueDeliveriesEventController } from './queue-deliveries/queue-deliveries.event.controller';

/** delivery: per-recipient delivery state, push and pull. */
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
      controllers: [QueueDeliveriesEventController],
    };
  }
}

import { INestApplication } from '@nestjs/common';
import { bootstrapService } from '@lt/runtime';
import { DeliveryConfig, loadDeliveryConfig } from './delivery.config';
import { DeliveryModule } from './delivery.module';

export async function startDelivery(
  config: DeliveryConfig = loadDeliveryConfig(),
): Promise<INestApplication> {
  return bootstrapService({
    name: 'delivery',
    module: DeliveryModule.register(config),
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    logLevel: config.LOG_LEVEL,
  });
}

import { INestApplication } from '@nestjs/common';
import { bootstrapService } from '@lt/runtime';
import { loadRoutingConfig, RoutingConfig } from './routing.config';
import { RoutingModule } from './routing.module';

export async function startRouting(config: RoutingConfig = loadRoutingConfig()): Promise<INestApplication> {
  return bootstrapService({
    name: 'routing',
    module: RoutingModule.register(config),
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    logLevel: config.LOG_LEVEL,
  });
}

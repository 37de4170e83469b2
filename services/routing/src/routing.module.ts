import { DynamicModule, Module } from '@nestjs/common';
import { ServiceInfrastructureModule } from '@lt/runtime';
import { RoutingConfig } from './routing.config';
import { RouteDocumentEventController } from './route-document/route-document.event.controller';

/** routing: the agency directory and routing decisions. */
@Module({})
export class RoutingModule {
  static register(config: RoutingConfig): DynamicModule {
    return {
      module: RoutingModule,
      imports: [ServiceInfrastructureModule.register({ name: 'routing', schema: 'routing', config })],
      controllers: [RouteDocumentEventController],
    };
  }
}

import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, StatusSubmittedV1 } from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';
import { SeedDirectory } from '../directory-import/seed-directory';
import { RouteStatusUseCase } from './route-status.use-case';

const CONSUMER = 'routing';

/** Carries a submitted status to the other side of its document. */
@Controller()
export class RouteStatusEventController {
  constructor(
    private readonly outbox: TransactionalOutbox,
    private readonly statuses: RouteStatusUseCase,
    private readonly seed: SeedDirectory,
  ) {}

  @EventPattern('status.submitted', { concurrency: 8 })
  async onStatusSubmitted(
    @Payload() event: EventEnvelope<'status.submitted', StatusSubmittedV1>,
  ): Promise<void> {
    await this.seed.ready();
    await this.outbox.handleOnce(CONSUMER, event, (manager) =>
      this.statuses.route(manager, event, event.data),
    );
  }
}

import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope } from '@lt/contracts';
import { ALL_EVENTS, JetStreamEventContext } from '@lt/messaging';
import { EventLogRepository } from './event-log.repository';

/** Copies every event on the stream into the audit log, in stream order. */
@Controller()
export class RecordEventEventController {
  constructor(private readonly log: EventLogRepository) {}

  // Concurrency 1: the chain follows the stream order.
  @EventPattern(ALL_EVENTS, { concurrency: 1, maxDeliver: 10 })
  async onEvent(@Payload() event: EventEnvelope, @Ctx() ctx: JetStreamEventContext): Promise<void> {
    await this.log.append(event, ctx.streamSequence);
  }
}

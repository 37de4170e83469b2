import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AgencyRegisteredV1, AgencyUpdatedV1, EventEnvelope } from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';
import { AgencyPolicyRepository } from './agency-policy.repository';

const CONSUMER = 'signature-verification.policies';

/** Learns each agency's signature policy from the directory's events (routing owns the directory). */
@Controller()
export class AgencyPolicyEventController {
  constructor(
    private readonly outbox: TransactionalOutbox,
    private readonly policies: AgencyPolicyRepository,
  ) {}

  @EventPattern('agency.registered', { concurrency: 1 })
  async onRegistered(
    @Payload() event: EventEnvelope<'agency.registered', AgencyRegisteredV1>,
  ): Promise<void> {
    const { agency } = event.data;
    await this.outbox.handleOnce(CONSUMER, event, async (m) => {
      if (agency?.code && agency.signaturePolicy)
        await this.policies.setPolicy(m, agency.code, agency.signaturePolicy);
    });
  }

  @EventPattern('agency.updated', { concurrency: 1 })
  async onUpdated(@Payload() event: EventEnvelope<'agency.updated', AgencyUpdatedV1>): Promise<void> {
    const { code, changes } = event.data;
    await this.outbox.handleOnce(CONSUMER, event, async (m) => {
      if (code && changes?.signaturePolicy) await this.policies.setPolicy(m, code, changes.signaturePolicy);
    });
  }
}

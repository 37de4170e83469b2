import { EventEnvelope } from '@lt/contracts';

/** Where committed events go: the messaging publisher in a service, anything with `publish` in a test. */
export interface EventSink {
  publish(event: EventEnvelope): Promise<unknown>;
}

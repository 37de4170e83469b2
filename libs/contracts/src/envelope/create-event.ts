import { AggregateRef, EventEnvelope } from './event-envelope';
import { deriveEventId, newEventId } from './event-id';
import { EventData, EventType, CURRENT_SCHEMA_VERSION } from '../events/event-catalogue';

export interface NewEventInput<T extends EventType> {
  type: T;
  aggregate: AggregateRef;
  correlationId: string;
  actor: string;
  data: EventData<T>;
  occurredAt?: Date;
  traceparent?: string;
}

/** An event caused by an outside request (an HTTP call, an operator command). */
export function createEvent<T extends EventType>(input: NewEventInput<T>): EventEnvelope<T, EventData<T>> {
  return {
    id: newEventId(),
    type: input.type,
    schemaVersion: CURRENT_SCHEMA_VERSION[input.type],
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    aggregate: input.aggregate,
    correlationId: input.correlationId,
    causationId: null,
    actor: input.actor,
    traceparent: input.traceparent,
    data: input.data,
  };
}

/**
 * An event that follows from `cause`. Its id is derived from the cause, the type and the
 * discriminator, so re-running the handler yields the same event id (see deriveEventId).
 */
export function createFollowUpEvent<T extends EventType>(
  cause: EventEnvelope,
  input: Omit<NewEventInput<T>, 'correlationId'> & { correlationId?: string; discriminator?: string },
): EventEnvelope<T, EventData<T>> {
  return {
    id: deriveEventId(cause.id, input.type, input.discriminator),
    type: input.type,
    schemaVersion: CURRENT_SCHEMA_VERSION[input.type],
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    aggregate: input.aggregate,
    correlationId: input.correlationId ?? cause.correlationId,
    causationId: cause.id,
    actor: input.actor,
    traceparent: input.traceparent,
    data: input.data,
  };
}

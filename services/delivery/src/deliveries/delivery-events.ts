import { CURRENT_SCHEMA_VERSION, deriveEventId, EventData, EventEnvelope, EventType } from '@lt/contracts';
import { DeliveryRow } from './delivery-row';

/** The service name as the actor of the events delivery emits on its own account. */
export const DELIVERY_ACTOR = 'delivery';

/**
 * An event about one delivery. Its id is derived from the delivery id, the type and `discriminator`
 * (e.g. the attempt number), so a worker that records the same outcome twice (a crash between commit
 * and publish) emits the same id and JetStream keeps one copy.
 */
export function deliveryEvent<T extends EventType>(
  row: Pick<DeliveryRow, 'id' | 'correlation_id' | 'cause_event_id'>,
  type: T,
  discriminator: string,
  data: EventData<T>,
  actor: string = DELIVERY_ACTOR,
): EventEnvelope<T, EventData<T>> {
  return {
    id: deriveEventId(row.id, type, discriminator),
    type,
    schemaVersion: CURRENT_SCHEMA_VERSION[type],
    occurredAt: new Date().toISOString(),
    aggregate: { type: 'delivery', id: row.id },
    correlationId: row.correlation_id,
    causationId: row.cause_event_id,
    actor,
    data,
  };
}

/** The fields every delivery event carries. */
export function deliveryRef(row: Pick<DeliveryRow, 'id' | 'document_id' | 'status_id' | 'recipient_code'>) {
  return {
    deliveryId: row.id,
    documentId: row.document_id,
    ...(row.status_id ? { statusId: row.status_id } : {}),
    recipientCode: row.recipient_code,
  };
}

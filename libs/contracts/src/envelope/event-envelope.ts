/**
 * The one envelope every domain event travels in (architecture.md, "The event log").
 * Payload bytes never travel in events: `data` carries digests and blob references instead.
 */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  /** UUIDv7; derived deterministically when the event follows from another one. */
  id: string;
  /** Catalogue name, e.g. `document.submitted`. */
  type: TType;
  /** Version of `data`'s schema; older versions are upcast on read. */
  schemaVersion: number;
  /** ISO-8601 UTC instant at which the fact happened. */
  occurredAt: string;
  aggregate: AggregateRef;
  /** The hub document id the event belongs to (or the aggregate id for directory events). */
  correlationId: string;
  /** Id of the event that caused this one; null for events caused by an outside request. */
  causationId: string | null;
  /** Agency code or service name that caused the event. */
  actor: string;
  /** W3C trace context of the span that emitted the event. */
  traceparent?: string;
  data: TData;
}

export type AggregateType = 'document' | 'status' | 'delivery' | 'agency' | 'audit';

export interface AggregateRef {
  type: AggregateType;
  id: string;
}

/** Reference to a package blob in the content-addressed store. */
export interface BlobRef {
  /** Lower-case hex SHA-256 of the exact bytes received. */
  sha256: string;
  /** Store-specific key; for the JetStream object store it is the object name. */
  ref: string;
  size: number;
}

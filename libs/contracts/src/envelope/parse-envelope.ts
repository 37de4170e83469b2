import { EventEnvelope } from './event-envelope';

/** Thrown when bytes on the stream are not a valid envelope: a poison message, never retried. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

const AGGREGATE_TYPES = new Set(['document', 'status', 'delivery', 'agency', 'audit']);

/** Decodes and checks an envelope's shape; `data` is checked by the consumer that knows its type. */
export function parseEnvelope(bytes: Uint8Array | string): EventEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new InvalidEventError(`event is not JSON: ${(error as Error).message}`);
  }
  const e = value as Partial<EventEnvelope> | null;
  const problems: string[] = [];
  if (!e || typeof e !== 'object') throw new InvalidEventError('event is not an object');
  if (typeof e.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(e.id)) problems.push('id');
  if (typeof e.type !== 'string' || !e.type) problems.push('type');
  if (!Number.isInteger(e.schemaVersion) || (e.schemaVersion as number) < 1) problems.push('schemaVersion');
  if (typeof e.occurredAt !== 'string' || Number.isNaN(Date.parse(e.occurredAt))) problems.push('occurredAt');
  if (!e.aggregate || !AGGREGATE_TYPES.has(e.aggregate.type) || typeof e.aggregate.id !== 'string')
    problems.push('aggregate');
  if (typeof e.correlationId !== 'string') problems.push('correlationId');
  if (e.causationId !== null && typeof e.causationId !== 'string') problems.push('causationId');
  if (typeof e.actor !== 'string') problems.push('actor');
  if (e.data === undefined || e.data === null || typeof e.data !== 'object') problems.push('data');
  if (problems.length) throw new InvalidEventError(`invalid event envelope: bad ${problems.join(', ')}`);
  return e as EventEnvelope;
}

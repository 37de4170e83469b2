import { BackoffPolicy } from './handling-errors';

/**
 * Per-handler settings, given as the extras of `@EventPattern(type, options)`:
 * `@EventPattern('document.submitted', { concurrency: 8 })`.
 */
export interface EventHandlerOptions {
  /** Messages handled at once by this process (1 keeps stream order). Default 16. */
  concurrency?: number;
  /** Total deliveries before the event is dead-lettered. Default 5. */
  maxDeliver?: number;
  /** How long the server waits for an ack before redelivering. Default 30 s. */
  ackWaitMs?: number;
  backoff?: Partial<BackoffPolicy>;
  /** Overrides the durable consumer name (default `<service>__<pattern>`). */
  durable?: string;
}

/**
 * A pattern is an event type, optionally with a lane: `document.routed#urgent` binds one lane of a
 * type published in lanes (see libs/contracts event-lanes.ts). A handler per lane gets its own durable
 * consumer, so urgent events never wait behind a normal backlog.
 */
export function parsePattern(pattern: string): { type: string; lane?: string } {
  const [type, lane] = pattern.split('#');
  return { type, lane: lane || undefined };
}

/** Pattern that subscribes a handler to every event on the stream (audit). */
export const ALL_EVENTS = '>';

export function durableName(serviceName: string, pattern: string, override?: string): string {
  const raw = override ?? `${serviceName}__${pattern === ALL_EVENTS ? 'all' : pattern.replace('#', '__')}`;
  // Consumer names cannot hold '.', '*', '>' or whitespace.
  return raw.replace(/[.*>\s]/g, '_');
}

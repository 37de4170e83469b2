/**
 * Every NATS subject the hub uses is derived here, from one prefix (default `lt`), so that a test run
 * or a second environment can share a NATS server by choosing another prefix.
 *
 *   {prefix}.evt.{event type}.{aggregate id}   domain events (the stream)
 *   {prefix}.dlq.{consumer}.{event type}        dead letters (a stream of their own)
 *   {prefix}.qry.{query name}                   request-reply queries between services
 */
export class Subjects {
  constructor(readonly prefix = 'lt') {
    if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(prefix))
      throw new Error(`invalid subject prefix "${prefix}"`);
  }

  /**
   * Subject of one event. Aggregate ids may contain dots (agency codes): they become extra tokens.
   * Types published in lanes (see event-lanes.ts) carry the lane before the aggregate id.
   */
  event(type: string, aggregateId: string, lane?: string): string {
    return `${this.prefix}.evt.${type}.${lane ? `${lane}.` : ''}${subjectToken(aggregateId)}`;
  }

  /** Filter matching the events of one type in one lane. */
  eventsOfTypeInLane(type: string, lane: string): string {
    return `${this.prefix}.evt.${type}.${lane}.>`;
  }

  /** Filter matching every event of one type. */
  eventsOfType(type: string): string {
    return `${this.prefix}.evt.${type}.>`;
  }

  /** Filter matching every event (what the event stream stores). */
  allEvents(): string {
    return `${this.prefix}.evt.>`;
  }

  deadLetter(consumer: string, type: string): string {
    return `${this.prefix}.dlq.${subjectToken(consumer)}.${type}`;
  }

  allDeadLetters(): string {
    return `${this.prefix}.dlq.>`;
  }

  query(name: string): string {
    return `${this.prefix}.qry.${name}`;
  }
}

/** Replaces what a subject token cannot hold (whitespace, wildcards) so any id fits. */
export function subjectToken(id: string): string {
  const token = id
    .replace(/[\s*>]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^\.|\.$/g, '_');
  return token || '_';
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventEnvelope } from '@lt/contracts';
import { canonicalJson, chainHash, GENESIS_HASH } from './hash-chain';

export interface EventLogRow {
  position: number;
  eventId: string;
  streamSequence: number;
  type: string;
  occurredAt: string;
  correlationId: string;
  actor: string;
  traceId: string | null;
  event: EventEnvelope;
  hash: string;
}

/** The audit service's append-only, hash-chained copy of every event. */
@Injectable()
export class EventLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends an event at the head of the chain, once per event id (a redelivery changes nothing).
   * @returns false when the event was already in the log
   */
  async append(event: EventEnvelope, streamSequence: number): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      // One writer at a time: the chain has a single head, whatever the number of audit replicas.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('lt-audit-chain'))`);
      const seen = await m.query(`SELECT 1 FROM audit.event_log WHERE event_id = $1`, [event.id]);
      if (seen.length) return false;
      const [head] = await m.query(
        `SELECT position, hash FROM audit.event_log ORDER BY position DESC LIMIT 1`,
      );
      const position = head ? Number(head.position) + 1 : 1;
      const prevHash = head?.hash ?? GENESIS_HASH;
      const content = canonicalJson(event);
      const traceId = event.traceparent?.split('-')[1] ?? null;
      await m.query(
        `INSERT INTO audit.event_log (position, event_id, stream_sequence, type, schema_version, occurred_at,
           correlation_id, actor, trace_id, content, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          position,
          event.id,
          streamSequence,
          event.type,
          event.schemaVersion,
          event.occurredAt,
          event.correlationId,
          event.actor,
          traceId,
          content,
          prevHash,
          chainHash(position, prevHash, content),
        ],
      );
      return true;
    });
  }

  /** Every event of one document (its correlation id), in log order. */
  async forDocument(documentId: string): Promise<EventLogRow[]> {
    const rows = await this.dataSource.query(
      `SELECT position, event_id, stream_sequence, type, occurred_at, correlation_id, actor, trace_id, content, hash
       FROM audit.event_log WHERE correlation_id = $1 ORDER BY position`,
      [documentId],
    );
    return rows.map((r: Record<string, string>) => ({
      position: Number(r.position),
      eventId: r.event_id,
      streamSequence: Number(r.stream_sequence),
      type: r.type,
      occurredAt: new Date(r.occurred_at).toISOString(),
      correlationId: r.correlation_id,
      actor: r.actor,
      traceId: r.trace_id,
      event: JSON.parse(r.content),
      hash: r.hash,
    }));
  }
}

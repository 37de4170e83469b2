import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventEnvelope } from '@lt/contracts';

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

/** A row with what is needed to re-check its link in the chain (evidence bundles). */
export interface ChainProofRow {
  position: number;
  eventId: string;
  streamSequence: number;
  type: string;
  content: string;
  prevHash: string;
  hash: string;
}

/** Reads of the audit service's append-only, hash-chained copy of every event. */
@Injectable()
export class EventLogRepository {
  constructor(private readonly dataSource: DataSource) {}

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

  /** The rows at the given positions, with their chain links. */
  async proofs(positions: number[]): Promise<ChainProofRow[]> {
    const rows = await this.dataSource.query(
      `SELECT position, event_id, stream_sequence, type, content, prev_hash, hash
       FROM audit.event_log WHERE position = ANY($1::bigint[]) ORDER BY position`,
      [positions],
    );
    return rows.map((r: Record<string, string>) => ({
      position: Number(r.position),
      eventId: r.event_id,
      streamSequence: Number(r.stream_sequence),
      type: r.type,
      content: r.content,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
  }

  /** The first checkpoint at or after `position` (it vouches for every row up to it). */
  async checkpointCovering(position: number) {
    const [row] = await this.dataSource.query(
      `SELECT position, head_hash, row_count, event_id, recorded_at FROM audit.checkpoint
       WHERE position >= $1 ORDER BY position LIMIT 1`,
      [position],
    );
    return row
      ? {
          position: Number(row.position),
          headHash: row.head_hash as string,
          rowCount: Number(row.row_count),
          eventId: row.event_id as string,
          recordedAt: new Date(row.recorded_at).toISOString(),
        }
      : null;
  }
}

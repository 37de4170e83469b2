import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveryRow, DeliveryState, T } from '../deliveries/delivery-row';

export interface DeliveryFilter {
  states?: DeliveryState[];
  agencyCode?: string;
  senderCode?: string;
  documentId?: string;
  mode?: 'push' | 'pull';
  minAttempts?: number;
  /** Only deliveries queued before this instant. */
  queuedBefore?: Date;
  /** Only deliveries whose receipt is overdue. */
  receiptOverdue?: boolean;
  /** Cursor: deliveries after this sequence number. */
  afterSeq?: string;
  limit: number;
}

export interface AttemptRow {
  attempt: number;
  started_at: Date;
  finished_at: Date;
  outcome: 'delivered' | 'failed';
  error_class: string | null;
  error: string | null;
  http_status: number | null;
  endpoint: string | null;
  next_attempt_at: Date | null;
}

/** Operators' read side over deliveries and their attempt history. */
@Injectable()
export class OperatorDeliveriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Deliveries matching every given filter, in queueing order. */
  async find(filter: DeliveryFilter): Promise<DeliveryRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.states?.length) add('state = ANY(?)', filter.states);
    if (filter.agencyCode) add('recipient_code = ?', filter.agencyCode);
    if (filter.senderCode) add('sender_code = ?', filter.senderCode);
    if (filter.documentId) add('document_id = ?', filter.documentId);
    if (filter.mode) add('mode = ?', filter.mode);
    if (filter.minAttempts !== undefined) add('attempts >= ?', filter.minAttempts);
    if (filter.queuedBefore) add('queued_at < ?', filter.queuedBefore);
    if (filter.receiptOverdue) where.push('receipt_overdue_at IS NOT NULL');
    if (filter.afterSeq) add('seq > ?::bigint', filter.afterSeq);
    params.push(filter.limit);
    return this.dataSource.query(
      `SELECT * FROM ${T.delivery} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq LIMIT $${params.length}`,
      params,
    );
  }

  async get(id: string): Promise<DeliveryRow | undefined> {
    const rows: DeliveryRow[] = await this.dataSource.query(`SELECT * FROM ${T.delivery} WHERE id = $1`, [
      id,
    ]);
    return rows[0];
  }

  async attempts(id: string): Promise<AttemptRow[]> {
    return this.dataSource.query(
      `SELECT attempt, started_at, finished_at, outcome, error_class, error, http_status, endpoint, next_attempt_at
       FROM ${T.attempt} WHERE delivery_id = $1 ORDER BY attempt`,
      [id],
    );
  }
}

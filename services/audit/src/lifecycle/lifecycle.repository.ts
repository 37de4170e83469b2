import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProblemError } from '@lt/runtime';
import { DocumentLifecycle } from './lifecycle';
import { foldText } from './fold-text';

export interface SearchCriteria {
  sender?: string;
  recipient?: string;
  /** Submitted at or after (ISO instant or date). */
  from?: string;
  /** Submitted before. */
  to?: string;
  type?: string;
  priority?: number;
  /** A recipient's current status code. */
  status?: string;
  codeNotation?: string;
  /** Words of the subject, with or without diacritics (all must appear). */
  q?: string;
  limit: number;
  cursor?: string;
}

export interface DocumentSummaryRow {
  documentId: string;
  senderCode: string | null;
  senderDocumentId: string | null;
  codeNotation: string | null;
  documentType: string | null;
  priority: number | null;
  submittedAt: string | null;
  recipientCodes: string[];
  currentStatuses: string[];
  overall: string;
  subject: string | null;
  summary: string | null;
}

/** Reads of the lifecycle projection for the auditors' API. */
@Injectable()
export class LifecycleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The hub ids a reference means: the hub id itself, or a sender's DocumentId (optionally narrowed to
   * one sender, since a DocumentId is unique only per sender).
   */
  async resolve(reference: string, senderCode?: string): Promise<string[]> {
    const rows: Array<{ document_id: string }> = await this.dataSource.query(
      `SELECT document_id FROM audit.lifecycle WHERE document_id = $1
       UNION SELECT document_id FROM audit.lifecycle WHERE sender_document_id = $1 AND ($2::text IS NULL OR sender_code = $2)`,
      [reference, senderCode ?? null],
    );
    return rows.map((r) => r.document_id);
  }

  /** Resolves to exactly one hub id, or answers 404 / 409. */
  async resolveOne(reference: string, senderCode?: string): Promise<string | undefined> {
    const ids = await this.resolve(reference, senderCode);
    if (ids.length > 1)
      throw new ProblemError(
        409,
        'AUDIT_AMBIGUOUS_DOCUMENT',
        'Several documents carry this DocumentId; name the sender',
        'Nhiều văn bản có cùng mã này; hãy chỉ rõ cơ quan gửi',
        reference,
        { documentIds: ids },
      );
    return ids[0];
  }

  async lifecycle(documentId: string): Promise<DocumentLifecycle | undefined> {
    const [row] = await this.dataSource.query(`SELECT state FROM audit.lifecycle WHERE document_id = $1`, [
      documentId,
    ]);
    return row?.state;
  }

  /** Documents matching every given criterion, newest first, a page at a time. */
  async search(c: SearchCriteria): Promise<{ items: DocumentSummaryRow[]; nextCursor: string | null }> {
    const where = ['submitted_at IS NOT NULL'];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (c.sender) where.push(`sender_code = ${p(c.sender)}`);
    if (c.recipient) where.push(`recipient_codes @> ARRAY[${p(c.recipient)}]::text[]`);
    if (c.from) where.push(`submitted_at >= ${p(c.from)}::timestamptz`);
    if (c.to) where.push(`submitted_at < ${p(c.to)}::timestamptz`);
    if (c.type) where.push(`document_type = ${p(c.type)}`);
    if (c.priority !== undefined) where.push(`priority = ${p(c.priority)}`);
    if (c.status) where.push(`current_statuses @> ARRAY[${p(c.status)}]::text[]`);
    if (c.codeNotation) where.push(`lower(code_notation) = lower(${p(c.codeNotation)})`);
    if (c.q && foldText(c.q)) {
      const words = `plainto_tsquery('simple', ${p(foldText(c.q))})`;
      // With a sender or recipient, the words are checked on that agency's documents instead of through
      // the subject index (`IS TRUE` keeps the planner off it): common words match a large share of all
      // documents, and intersecting that bitmap cost 28 ms on 1M documents against 2 ms as a filter.
      where.push(
        c.sender || c.recipient ? `(subject_words @@ ${words}) IS TRUE` : `subject_words @@ ${words}`,
      );
    }
    if (c.cursor) {
      const [at, id] = decodeCursor(c.cursor);
      where.push(`(submitted_at, document_id) < (${p(at)}::timestamptz, ${p(id)})`);
    }
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT document_id, sender_code, sender_document_id, code_notation, document_type, priority, submitted_at,
         recipient_codes, current_statuses, overall,
         state->'submitted'->'header'->>'subject' AS subject, state->'summary'->>'text' AS summary
       FROM audit.lifecycle WHERE ${where.join(' AND ')}
       ORDER BY submitted_at DESC, document_id DESC LIMIT ${p(c.limit + 1)}`,
      params,
    );
    const items = rows.slice(0, c.limit).map(toSummary);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > c.limit && last ? encodeCursor(last.submittedAt as string, last.documentId) : null,
    };
  }
}

function toSummary(r: Record<string, unknown>): DocumentSummaryRow {
  return {
    documentId: r.document_id as string,
    senderCode: (r.sender_code as string) ?? null,
    senderDocumentId: (r.sender_document_id as string) ?? null,
    codeNotation: (r.code_notation as string) ?? null,
    documentType: (r.document_type as string) ?? null,
    priority: r.priority === null ? null : Number(r.priority),
    submittedAt: r.submitted_at ? (r.submitted_at as Date).toISOString() : null,
    recipientCodes: r.recipient_codes as string[],
    currentStatuses: r.current_statuses as string[],
    overall: r.overall as string,
    subject: (r.subject as string) ?? null,
    summary: (r.summary as string) ?? null,
  };
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'string' &&
      !Number.isNaN(Date.parse(v[0]))
    )
      return [v[0], v[1]];
  } catch {
    // fall through
  }
  throw new ProblemError(
    400,
    'AUDIT_BAD_CURSOR',
    'The cursor is not valid',
    'Con trỏ phân trang không hợp lệ',
  );
}

import { Injectable } from '@nestjs/common';
import { ROUTING_SCHEMA, Sql } from '../directory/agency-directory.repository';

const S = ROUTING_SCHEMA;

/** A document routing routed, as agencies refer to it. */
export interface RoutedDocument {
  senderCode: string;
  senderDocumentId: string;
  documentId: string;
  businessType: number;
  /** The agencies that received it (after successor resolution). */
  recipients: string[];
  /** 0 normal … 4 hỏa tốc hẹn giờ: statuses about the document travel at its priority. */
  priority: number;
}

/** Routing's own projection of routed documents, keyed by (sender code, sender DocumentId). */
@Injectable()
export class RoutedDocumentRepository {
  async find(sql: Sql, senderCode: string, senderDocumentId: string): Promise<RoutedDocument | undefined> {
    const rows: RoutedDocument[] = await sql.query(
      `SELECT sender_code AS "senderCode", sender_document_id AS "senderDocumentId", document_id AS "documentId",
              business_type AS "businessType", recipients, priority
       FROM "${S}".routed_document WHERE sender_code = $1 AND sender_document_id = $2`,
      [senderCode, senderDocumentId],
    );
    return rows[0];
  }

  /** Whether some other sender routed a document with this DocumentId. */
  async sentByAnother(sql: Sql, senderCode: string, senderDocumentId: string): Promise<boolean> {
    const rows: unknown[] = await sql.query(
      `SELECT 1 FROM "${S}".routed_document WHERE sender_document_id = $1 AND sender_code <> $2 LIMIT 1`,
      [senderDocumentId, senderCode],
    );
    return rows.length > 0;
  }

  /** Records a routed document; the first document with a (sender, DocumentId) keeps it. */
  async record(sql: Sql, doc: RoutedDocument): Promise<void> {
    await sql.query(
      `INSERT INTO "${S}".routed_document (sender_code, sender_document_id, document_id, business_type, recipients, priority)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [doc.senderCode, doc.senderDocumentId, doc.documentId, doc.businessType, doc.recipients, doc.priority],
    );
  }
}

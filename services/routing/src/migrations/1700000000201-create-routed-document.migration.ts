import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents routing has routed, keyed by what agencies refer to them with: the sender's code and the
 * sender's DocumentId. Revocations, updates, replacements and statuses find their document here.
 */
export class CreateRoutedDocument1700000000201 implements MigrationInterface {
  name = 'CreateRoutedDocument1700000000201';

  async up(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`CREATE TABLE "${s}".routed_document (
      sender_code text NOT NULL,
      sender_document_id text NOT NULL,
      document_id uuid NOT NULL,
      business_type smallint NOT NULL DEFAULT 0,
      recipients text[] NOT NULL,
      routed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (sender_code, sender_document_id)
    )`);
    await q.query(`CREATE INDEX routed_document_by_id ON "${s}".routed_document (sender_document_id)`);
    await q.query(`CREATE INDEX routed_document_document ON "${s}".routed_document (document_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${q.connection.driver.schema}".routed_document`);
  }
}

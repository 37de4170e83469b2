import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDocument1700000000100 implements MigrationInterface {
  name = 'CreateDocument1700000000100';

  async up(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`CREATE TABLE "${s}".document (
      id uuid PRIMARY KEY,
      sender_code text NOT NULL,
      sender_document_id text,
      business_type smallint NOT NULL DEFAULT 0,
      recipient_codes text[] NOT NULL,
      sha256 char(64) NOT NULL,
      size bigint NOT NULL,
      received_at timestamptz NOT NULL
    )`);
    await q.query(
      `CREATE INDEX document_sender_document ON "${s}".document (sender_code, sender_document_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${q.connection.driver.schema}".document`);
  }
}

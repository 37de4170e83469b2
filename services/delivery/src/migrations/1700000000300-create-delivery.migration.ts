import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDelivery1700000000300 implements MigrationInterface {
  name = 'CreateDelivery1700000000300';

  async up(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`CREATE TABLE "${s}".delivery (
      id uuid PRIMARY KEY,
      document_id uuid NOT NULL,
      status_id uuid,
      recipient_code text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('push', 'pull')),
      priority smallint NOT NULL DEFAULT 0,
      state text NOT NULL,
      blob_sha256 char(64) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE UNIQUE INDEX delivery_document_recipient ON "${s}".delivery (document_id, recipient_code) WHERE status_id IS NULL`,
    );
    await q.query(
      `CREATE INDEX delivery_inbox ON "${s}".delivery (recipient_code, state, priority DESC, created_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${q.connection.driver.schema}".delivery`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/** Credentials, replay nonces, idempotency records, statuses, and one document per sender identity. */
export class AgencyApi1700000000101 implements MigrationInterface {
  name = 'AgencyApi1700000000101';

  async up(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`CREATE TABLE "${s}".agency_credential (
      id uuid PRIMARY KEY,
      system_id text NOT NULL,
      agency_code text NOT NULL,
      signing_key bytea NOT NULL,
      label text,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      revoked_at timestamptz
    )`);
    await q.query(`CREATE INDEX agency_credential_system ON "${s}".agency_credential (system_id)`);
    await q.query(`CREATE INDEX agency_credential_agency ON "${s}".agency_credential (agency_code)`);
    await q.query(`CREATE TABLE "${s}".request_nonce (
      system_id text NOT NULL,
      nonce text NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (system_id, nonce)
    )`);
    await q.query(`CREATE INDEX request_nonce_expiry ON "${s}".request_nonce (expires_at)`);
    await q.query(`CREATE TABLE "${s}".idempotency_record (
      agency_code text NOT NULL,
      idempotency_key text NOT NULL,
      operation text NOT NULL,
      request_sha256 char(64) NOT NULL,
      outcome jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (agency_code, idempotency_key)
    )`);
    await q.query(`CREATE INDEX idempotency_record_created ON "${s}".idempotency_record (created_at)`);
    await q.query(`CREATE TABLE "${s}".status (
      id uuid PRIMARY KEY,
      sender_code text NOT NULL,
      response_for_organ_id text NOT NULL,
      response_for_document_id text NOT NULL,
      status_code text NOT NULL,
      sha256 char(64) NOT NULL,
      size bigint NOT NULL,
      received_at timestamptz NOT NULL
    )`);
    await q.query(
      `CREATE INDEX status_response_for ON "${s}".status (response_for_organ_id, response_for_document_id)`,
    );
    // A sender's DocumentId with its business type names one document: a second submission is a duplicate.
    await q.query(`DROP INDEX "${s}".document_sender_document`);
    await q.query(
      `CREATE UNIQUE INDEX document_business_identity ON "${s}".document (sender_code, sender_document_id, business_type)`,
    );
    await q.query(`CREATE INDEX document_sender_received ON "${s}".document (sender_code, received_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`DROP INDEX "${s}".document_sender_received`);
    await q.query(`DROP INDEX "${s}".document_business_identity`);
    await q.query(
      `CREATE INDEX document_sender_document ON "${s}".document (sender_code, sender_document_id)`,
    );
    for (const t of ['status', 'idempotency_record', 'request_nonce', 'agency_credential']) {
      await q.query(`DROP TABLE "${s}".${t}`);
    }
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/** Verdicts (one per document) and the signature policy each agency's directory entry sets. */
export class CreateVerdicts1700000000500 implements MigrationInterface {
  name = 'CreateVerdicts1700000000500';

  async up(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`CREATE TABLE "${s}".verdict (
      document_id uuid PRIMARY KEY,
      sender_code text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('verified', 'rejected')),
      reason text,
      evidence jsonb NOT NULL,
      verified_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "${s}".agency_policy (
      agency_code text PRIMARY KEY,
      policy text NOT NULL CHECK (policy IN ('required', 'optional', 'off')),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`DROP TABLE "${s}".agency_policy`);
    await q.query(`DROP TABLE "${s}".verdict`);
  }
}

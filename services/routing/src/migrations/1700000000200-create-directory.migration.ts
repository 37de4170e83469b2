import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agency directory: `agency_event` is its append-only event log (the write side's source of
 * truth, also published to the stream); `agency_version` the projection, one row per version of an
 * agency, valid from `valid_from` (inclusive) until `valid_until` (exclusive, open when null).
 */
export class CreateDirectory1700000000200 implements MigrationInterface {
  name = 'CreateDirectory1700000000200';

  async up(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`CREATE TABLE "${s}".agency_event (
      seq bigserial PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      type text NOT NULL,
      codes text[] NOT NULL,
      envelope jsonb NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX agency_event_codes ON "${s}".agency_event USING gin (codes)`);
    await q.query(`CREATE TABLE "${s}".agency_version (
      code text NOT NULL,
      valid_from date NOT NULL,
      valid_until date,
      status text NOT NULL CHECK (status IN ('active', 'suspended', 'retired')),
      level text NOT NULL,
      parent_code text,
      search_text text NOT NULL,
      view jsonb NOT NULL,
      PRIMARY KEY (code, valid_from),
      CHECK (valid_until IS NULL OR valid_until > valid_from)
    )`);
    await q.query(`CREATE INDEX agency_version_parent ON "${s}".agency_version (parent_code, valid_from)`);
    await q.query(`CREATE INDEX agency_version_level ON "${s}".agency_version (level, search_text)`);
    await q.query(`CREATE INDEX agency_version_search ON "${s}".agency_version (search_text, code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`DROP TABLE "${s}".agency_version`);
    await q.query(`DROP TABLE "${s}".agency_event`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: append-only, one row per event id, each row chained to the previous by SHA-256;
 * the checkpoints of its head; and the log of every auditor query. A trigger rejects UPDATE, DELETE
 * and TRUNCATE on all three whatever the role (docs/audit.md also shows how to run the service under a
 * role granted only SELECT and INSERT).
 */
export class CreateEventLog1700000000400 implements MigrationInterface {
  name = 'CreateEventLog1700000000400';

  async up(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`CREATE TABLE "${s}".event_log (
      position bigint PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      stream_sequence bigint NOT NULL,
      type text NOT NULL,
      schema_version int NOT NULL,
      occurred_at timestamptz NOT NULL,
      correlation_id text NOT NULL,
      actor text NOT NULL,
      trace_id text,
      content text NOT NULL,
      prev_hash char(64) NOT NULL,
      hash char(64) NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
    await q.query(`CREATE INDEX event_log_correlation ON "${s}".event_log (correlation_id, position)`);
    await q.query(`CREATE TABLE "${s}".checkpoint (
      position bigint PRIMARY KEY,
      head_hash char(64) NOT NULL,
      row_count bigint NOT NULL,
      event_id uuid NOT NULL,
      recorded_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE "${s}".access_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      principal text NOT NULL,
      role text NOT NULL,
      method text NOT NULL,
      path text NOT NULL,
      decision text NOT NULL,
      remote_address text
    )`);
    await q.query(`CREATE FUNCTION "${s}".reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit table %.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['event_log', 'checkpoint', 'access_log']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${s}".${table}
        FOR EACH ROW EXECUTE FUNCTION "${s}".reject_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${s}".${table}
        FOR EACH STATEMENT EXECUTE FUNCTION "${s}".reject_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`DROP TABLE "${s}".access_log, "${s}".checkpoint, "${s}".event_log`);
    await q.query(`DROP FUNCTION "${s}".reject_change()`);
  }
}

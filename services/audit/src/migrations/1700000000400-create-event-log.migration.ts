import { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit log: append-only, one row per event id, each row chained to the previous by SHA-256. */
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${q.connection.driver.schema}".event_log`);
  }
}

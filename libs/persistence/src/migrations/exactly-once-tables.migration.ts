import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two tables every consuming service needs for exactly-once effects:
 * - processed_event: which events each consumer has applied (a redelivery finds its row and skips);
 * - outbox: events staged in the same transaction as the state change, published after commit and
 *   re-published by the relay if the process died in between.
 * Each service lists this migration first; it runs in that service's schema.
 */
export class ExactlyOnceTables1700000000000 implements MigrationInterface {
  name = 'ExactlyOnceTables1700000000000';

  async up(q: QueryRunner): Promise<void> {
    const schema = q.connection.driver.schema ?? 'public';
    await q.query(`CREATE TABLE "${schema}".processed_event (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`);
    await q.query(`CREATE TABLE "${schema}".outbox (
      id uuid PRIMARY KEY,
      consumer text,
      causation_id uuid,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      published_at timestamptz
    )`);
    await q.query(
      `CREATE INDEX outbox_unpublished ON "${schema}".outbox (created_at) WHERE published_at IS NULL`,
    );
    await q.query(`CREATE INDEX outbox_by_cause ON "${schema}".outbox (consumer, causation_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const schema = q.connection.driver.schema ?? 'public';
    await q.query(`DROP TABLE "${schema}".outbox`);
    await q.query(`DROP TABLE "${schema}".processed_event`);
  }
}

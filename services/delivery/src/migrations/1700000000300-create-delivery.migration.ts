import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * delivery's tables: one row per (document or status, recipient) with its state and retry schedule,
 * the attempt history, the per-agency circuit breaker and push endpoint, and receipt confirmations.
 */
export class CreateDelivery1700000000300 implements MigrationInterface {
  name = 'CreateDelivery1700000000300';

  async up(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`CREATE TABLE "${s}".delivery (
      id uuid PRIMARY KEY,
      -- Cursor order for inboxes and operator lists (stable, unique, increasing).
      seq bigserial NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('edoc', 'status')),
      document_id text NOT NULL,
      status_id text,
      status_code text,
      correlation_id text NOT NULL,
      -- The event that queued it: follow-up event ids are derived from it.
      cause_event_id uuid NOT NULL,
      sender_code text NOT NULL,
      recipient_code text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('push', 'pull')),
      routed_endpoint text,
      priority smallint NOT NULL DEFAULT 0,
      state text NOT NULL CHECK (state IN ('queued', 'pushing', 'retrying', 'delivered',
        'waiting-in-inbox', 'fetched', 'acknowledged', 'dead-lettered')),
      blob_sha256 char(64) NOT NULL,
      blob_ref text NOT NULL,
      blob_size bigint NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      lease_until timestamptz,
      last_error text,
      -- The maximum age counts from here (reset by an operator's redelivery).
      age_from timestamptz NOT NULL DEFAULT clock_timestamp(),
      queued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      delivered_at timestamptz,
      fetch_count integer NOT NULL DEFAULT 0,
      visible_again_at timestamptz,
      acknowledged_at timestamptz,
      ack_outcome text,
      ack_reason text,
      dead_lettered_at timestamptz,
      redeliveries integer NOT NULL DEFAULT 0,
      receipt_due_at timestamptz,
      receipt_overdue_at timestamptz,
      latest_status_code text,
      updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
    await q.query(
      `CREATE UNIQUE INDEX delivery_edoc_recipient ON "${s}".delivery (document_id, recipient_code) WHERE kind = 'edoc'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX delivery_status_recipient ON "${s}".delivery (status_id, recipient_code) WHERE kind = 'status'`,
    );
    // The push schedule: due work, highest priority first.
    await q.query(
      `CREATE INDEX delivery_push_due ON "${s}".delivery (priority DESC, next_attempt_at)
       WHERE state IN ('queued', 'retrying')`,
    );
    await q.query(
      `CREATE INDEX delivery_push_leased ON "${s}".delivery (lease_until) WHERE state = 'pushing'`,
    );
    await q.query(
      `CREATE INDEX delivery_inbox ON "${s}".delivery (recipient_code, priority DESC, seq)
       WHERE state IN ('waiting-in-inbox', 'fetched')`,
    );
    await q.query(
      `CREATE INDEX delivery_receipt_due ON "${s}".delivery (receipt_due_at)
       WHERE receipt_overdue_at IS NULL AND receipt_due_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX delivery_state_queued ON "${s}".delivery (state, queued_at)`);
    await q.query(`CREATE TABLE "${s}".delivery_attempt (
      delivery_id uuid NOT NULL REFERENCES "${s}".delivery (id),
      attempt integer NOT NULL,
      started_at timestamptz NOT NULL,
      finished_at timestamptz NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed')),
      error_class text,
      error text,
      http_status integer,
      endpoint text,
      next_attempt_at timestamptz,
      PRIMARY KEY (delivery_id, attempt)
    )`);
    await q.query(`CREATE TABLE "${s}".agency_circuit (
      agency_code text PRIMARY KEY,
      consecutive_failures integer NOT NULL DEFAULT 0,
      open_until timestamptz,
      opened_count integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
    await q.query(`CREATE TABLE "${s}".agency_endpoint (
      agency_code text PRIMARY KEY,
      url text,
      -- HMAC key for this agency's pushes; never returned by the API nor logged.
      secret text NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
    await q.query(`CREATE TABLE "${s}".receipt_confirmation (
      document_id text NOT NULL,
      agency_code text NOT NULL,
      status_id text NOT NULL,
      status_code text NOT NULL,
      confirmed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (document_id, agency_code)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    for (const t of [
      'receipt_confirmation',
      'agency_endpoint',
      'agency_circuit',
      'delivery_attempt',
      'delivery',
    ]) {
      await q.query(`DROP TABLE "${s}".${t}`);
    }
  }
}

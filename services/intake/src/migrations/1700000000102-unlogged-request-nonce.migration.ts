import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replay nonces need no WAL: they live for minutes, and writing them durably cost an fsync per
 * request. After a crash or failover the table is empty, which re-opens the replay window for requests
 * signed in the last AUTH_CLOCK_SKEW_SECONDS (ADR 0008 weighs this).
 */
export class UnloggedRequestNonce1700000000102 implements MigrationInterface {
  name = 'UnloggedRequestNonce1700000000102';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${q.connection.driver.schema}".request_nonce SET UNLOGGED`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${q.connection.driver.schema}".request_nonce SET LOGGED`);
  }
}

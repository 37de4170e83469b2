import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The live projection's watermark: the last audit log position whose event is in the lifecycle tables.
 * The projection is now written by its own loop, after the append (ADR 0007); until this migration it
 * was written in the append's transaction, so an existing log is projected up to its head.
 */
export class CreateProjectionPosition1700000000402 implements MigrationInterface {
  name = 'CreateProjectionPosition1700000000402';

  async up(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema ?? 'audit';
    await q.query(`CREATE TABLE "${s}".projection_position (
      projection text PRIMARY KEY,
      position bigint NOT NULL
    )`);
    await q.query(
      `INSERT INTO "${s}".projection_position (projection, position)
       SELECT 'lifecycle', coalesce(max(position), 0) FROM "${s}".event_log`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`DROP TABLE "${s}".projection_position`);
  }
}

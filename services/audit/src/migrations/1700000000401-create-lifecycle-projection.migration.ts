import { MigrationInterface, QueryRunner } from 'typeorm';
import { createProjectionTables } from '../lifecycle/projection-tables';

/** Lifecycle projection tables; their DDL lives in projection-tables.ts so a rebuild creates the same. */
export class CreateLifecycleProjection1700000000401 implements MigrationInterface {
  name = 'CreateLifecycleProjection1700000000401';

  async up(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema ?? 'audit';
    for (const sql of createProjectionTables(s, '')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`DROP TABLE "${s}".recipient_lifecycle, "${s}".lifecycle`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/** A document's priority, so the statuses about it travel in the same lane (hỏa tốc stays urgent). */
export class RoutedDocumentPriority1700000000203 implements MigrationInterface {
  name = 'RoutedDocumentPriority1700000000203';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "${q.connection.driver.schema}".routed_document ADD COLUMN priority smallint NOT NULL DEFAULT 0`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${q.connection.driver.schema}".routed_document DROP COLUMN priority`);
  }
}

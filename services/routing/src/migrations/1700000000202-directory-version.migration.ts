import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version number for the directory projection, kept by PostgreSQL itself so that every replica's
 * in-process cache can check in one tiny query whether it is still current (ADR 0005).
 *
 * - `directory_state.version` goes up by one for every statement that writes `agency_version`
 *   (a statement trigger, so no writer — repository, rebuild or an operator's hand-written SQL —
 *   can change the directory without changing the version). The UPDATE row-locks the state row until
 *   the writing transaction ends, so versions become visible in the order they were taken.
 * - every inserted or updated `agency_version` row is stamped with the version that wrote it
 *   (`changed_in`): a cache at version v reloads only the agencies with rows `changed_in > v`.
 * - a DELETE or TRUNCATE (the rebuild) also moves `reset_version`: rows that vanished cannot be found
 *   by their stamp, so a cache older than `reset_version` reloads the whole directory.
 */
export class DirectoryVersion1700000000202 implements MigrationInterface {
  name = 'DirectoryVersion1700000000202';

  async up(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`CREATE TABLE "${s}".directory_state (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      version bigint NOT NULL,
      reset_version bigint NOT NULL
    )`);
    await q.query(`INSERT INTO "${s}".directory_state (id, version, reset_version) VALUES (1, 1, 1)`);
    await q.query(`ALTER TABLE "${s}".agency_version ADD COLUMN changed_in bigint NOT NULL DEFAULT 1`);
    await q.query(`CREATE INDEX agency_version_changed_in ON "${s}".agency_version (changed_in)`);
    // The statement trigger takes the next version and leaves it in a transaction-local setting
    // for the row trigger, which stamps each row with it.
    await q.query(`CREATE FUNCTION "${s}".directory_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE next_version bigint;
      BEGIN
        UPDATE "${s}".directory_state SET version = version + 1,
          reset_version = CASE WHEN TG_OP IN ('DELETE', 'TRUNCATE') THEN version + 1 ELSE reset_version END
          WHERE id = 1 RETURNING version INTO next_version;
        PERFORM set_config('lt_routing.directory_version', next_version::text, true);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE FUNCTION "${s}".directory_version_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.changed_in := current_setting('lt_routing.directory_version')::bigint;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER agency_version_bump
      BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${s}".agency_version
      FOR EACH STATEMENT EXECUTE FUNCTION "${s}".directory_version_bump()`);
    await q.query(`CREATE TRIGGER agency_version_stamp
      BEFORE INSERT OR UPDATE ON "${s}".agency_version
      FOR EACH ROW EXECUTE FUNCTION "${s}".directory_version_stamp()`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = q.connection.driver.schema;
    await q.query(`DROP TRIGGER agency_version_stamp ON "${s}".agency_version`);
    await q.query(`DROP TRIGGER agency_version_bump ON "${s}".agency_version`);
    await q.query(`DROP FUNCTION "${s}".directory_version_stamp()`);
    await q.query(`DROP FUNCTION "${s}".directory_version_bump()`);
    await q.query(`DROP INDEX "${s}".agency_version_changed_in`);
    await q.query(`ALTER TABLE "${s}".agency_version DROP COLUMN changed_in`);
    await q.query(`DROP TABLE "${s}".directory_state`);
  }
}

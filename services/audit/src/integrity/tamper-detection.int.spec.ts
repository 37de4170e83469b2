import { GENESIS_HASH, chainHash } from '../event-log/hash-chain';
import { AuditDatabase, openAuditDatabase, someEvents } from '../test-support/audit-database';
import { verifyChain } from './chain-verifier';

/**
 * Tampering done directly in the database, as a superuser who first disables the append-only
 * triggers: each kind is caught and the first broken row is named.
 */
describe('tamper detection', () => {
  let audit: AuditDatabase;
  const q = (sql: string, params?: unknown[]) => audit.dataSource.query(sql, params);
  const asSuperuser = async (work: () => Promise<unknown>) => {
    await q(`ALTER TABLE audit.event_log DISABLE TRIGGER USER`);
    await q(`ALTER TABLE audit.checkpoint DISABLE TRIGGER USER`);
    try {
      await work();
    } finally {
      await q(`ALTER TABLE audit.event_log ENABLE TRIGGER USER`);
      await q(`ALTER TABLE audit.checkpoint ENABLE TRIGGER USER`);
    }
  };

  beforeEach(async () => {
    audit = await openAuditDatabase();
    await audit.appender.append(someEvents(20));
  });
  afterEach(() => audit.close());

  it('an intact chain verifies, whole or in a range', async () => {
    expect(await verifyChain(audit.dataSource)).toMatchObject({
      intact: true,
      rowsChecked: 20,
      from: 1,
      to: 20,
    });
    expect(await verifyChain(audit.dataSource, { from: 5, to: 9 })).toMatchObject({
      intact: true,
      rowsChecked: 5,
    });
    expect(await verifyChain(audit.dataSource, {}, undefined, 3)).toMatchObject({
      intact: true,
      rowsChecked: 20,
    });
  });

  it('the triggers refuse UPDATE, DELETE and TRUNCATE', async () => {
    await expect(q(`UPDATE audit.event_log SET actor = 'x' WHERE position = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(q(`DELETE FROM audit.event_log WHERE position = 1`)).rejects.toThrow(/append-only/);
    await expect(q(`TRUNCATE audit.event_log`)).rejects.toThrow(/append-only/);
    await expect(q(`DELETE FROM audit.access_log`)).resolves.toBeDefined(); // no rows: the row trigger never fires
    await q(
      `INSERT INTO audit.access_log (principal, role, method, path, decision) VALUES ('a', 'auditor', 'GET', '/', 'allowed')`,
    );
    await expect(q(`DELETE FROM audit.access_log`)).rejects.toThrow(/append-only/);
  });

  it('catches an edited row', async () => {
    await asSuperuser(() =>
      q(`UPDATE audit.event_log SET content = replace(content, 'H29', 'H30') WHERE position = 7`),
    );
    expect((await verifyChain(audit.dataSource)).firstBroken).toMatchObject({
      position: 7,
      reason: 'HASH_MISMATCH',
    });
  });

  it('catches an edited column outside the hashed content', async () => {
    await asSuperuser(() => q(`UPDATE audit.event_log SET correlation_id = 'elsewhere' WHERE position = 4`));
    expect((await verifyChain(audit.dataSource)).firstBroken).toMatchObject({
      position: 4,
      reason: 'COLUMN_MISMATCH',
    });
  });

  it('catches a deleted row', async () => {
    await asSuperuser(() => q(`DELETE FROM audit.event_log WHERE position = 12`));
    expect((await verifyChain(audit.dataSource)).firstBroken).toMatchObject({
      position: 12,
      reason: 'MISSING_ROW',
    });
  });

  it('catches an inserted row, at the head or before the first position', async () => {
    const [row] = await q(`SELECT * FROM audit.event_log WHERE position = 3`);
    await asSuperuser(() =>
      q(
        `INSERT INTO audit.event_log (position, event_id, stream_sequence, type, schema_version, occurred_at, correlation_id, actor, content, prev_hash, hash)
         VALUES (21, gen_random_uuid(), 99, $1, 1, now(), $2, $3, $4, $5, $6)`,
        [
          row.type,
          row.correlation_id,
          row.actor,
          row.content,
          GENESIS_HASH,
          chainHash(21, GENESIS_HASH, row.content),
        ],
      ),
    );
    expect((await verifyChain(audit.dataSource)).firstBroken).toMatchObject({
      position: 21,
      reason: 'PREV_HASH_MISMATCH',
    });
    await asSuperuser(() => q(`UPDATE audit.event_log SET position = 0 WHERE position = 21`));
    expect((await verifyChain(audit.dataSource)).firstBroken).toMatchObject({
      position: 0,
      reason: 'UNEXPECTED_ROW',
    });
  });

  it('catches reordered rows', async () => {
    await asSuperuser(async () => {
      await q(`UPDATE audit.event_log SET position = -5 WHERE position = 5`);
      await q(`UPDATE audit.event_log SET position = 5 WHERE position = 6`);
      await q(`UPDATE audit.event_log SET position = 6 WHERE position = -5`);
    });
    expect((await verifyChain(audit.dataSource)).firstBroken).toMatchObject({
      position: 5,
      reason: 'PREV_HASH_MISMATCH',
    });
  });

  it('catches a chain rewritten wholesale, and a truncated tail, against a checkpoint', async () => {
    const [head] = await q(`SELECT hash FROM audit.event_log WHERE position = 20`);
    await q(
      `INSERT INTO audit.checkpoint (position, head_hash, row_count, event_id, recorded_at) VALUES (20, $1, 20, gen_random_uuid(), now())`,
      [head.hash],
    );
    // Rewrite row 3 and re-chain everything after it: each row is self-consistent again.
    await asSuperuser(async () => {
      await q(`UPDATE audit.event_log SET content = replace(content, 'H29', 'H30') WHERE position = 3`);
      const rows = await q(`SELECT position, content FROM audit.event_log ORDER BY position`);
      let prev = GENESIS_HASH;
      for (const r of rows) {
        const hash = chainHash(Number(r.position), prev, r.content);
        await q(`UPDATE audit.event_log SET prev_hash = $1, hash = $2 WHERE position = $3`, [
          prev,
          hash,
          r.position,
        ]);
        prev = hash;
      }
    });
    expect((await verifyChain(audit.dataSource)).firstBroken).toMatchObject({
      position: 20,
      reason: 'CHECKPOINT_MISMATCH',
    });
    await asSuperuser(() => q(`DELETE FROM audit.event_log WHERE position > 17`));
    expect((await verifyChain(audit.dataSource)).firstBroken).toMatchObject({
      position: 18,
      reason: 'TRUNCATED',
    });
  });
});

import { DataSource } from 'typeorm';
import { AgencyView } from '@lt/contracts';
import { ExactlyOnceTables1700000000000, openServiceDataSource } from '@lt/persistence';
import { createTestDatabase, TestDatabase } from '@lt/testing';
import { CreateDirectory1700000000200 } from '../migrations/1700000000200-create-directory.migration';
import { CreateRoutedDocument1700000000201 } from '../migrations/1700000000201-create-routed-document.migration';
import { DirectoryVersion1700000000202 } from '../migrations/1700000000202-directory-version.migration';
import { AgencyChange } from './agency-change';
import { AgencyDirectoryRepository, ROUTING_SCHEMA } from './agency-directory.repository';
import { addDays, vietnamToday } from './calendar';
import { DirectoryCache } from './directory-cache';
import { toEvent } from './directory-writer';

const TODAY = vietnamToday();
const TOMORROW = addDays(TODAY, 1);
const HOPS = 5;

/**
 * The directory cache against the real PostgreSQL. Two caches on one database stand for two routing
 * replicas: whatever one changes (or a rebuild, or hand-written SQL), the other never answers from
 * the directory as it was before.
 */
describe('directory cache (two replicas on one PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const repo = new AgencyDirectoryRepository();
  const replica = (max = 200_000) => new DirectoryCache(repo, { DIRECTORY_CACHE_MAX_VERSIONS: max });

  /** Commits directory changes as the write side does (lock, log, project). */
  const change = (...changes: AgencyChange[]) =>
    ds.transaction(async (m) => {
      await repo.lockForWrite(m);
      await repo.append(
        m,
        changes.map((c) => toEvent(c, 'test', 'test')),
      );
    });
  const register = (code: string, extra: Partial<AgencyView> = {}): AgencyChange => ({
    type: 'agency.registered',
    data: {
      agency: {
        code,
        name: `Cơ quan ${code}`,
        level: 'province',
        delivery: { mode: 'pull' },
        signaturePolicy: 'required',
        validFrom: addDays(TODAY, -30),
        ...extra,
      },
    },
  });
  const rename = (code: string, name: string, effectiveFrom = TODAY): AgencyChange => ({
    type: 'agency.updated',
    data: { code, changes: { name }, effectiveFrom },
  });
  /** What a cache answers, and what PostgreSQL answers, for the same question. */
  const both = async (cache: DirectoryCache, codes: string[], asOf = TODAY) => {
    const reader = await cache.open(ds);
    return {
      source: reader.source,
      cached: Object.fromEntries(await reader.withSuccessors(codes, asOf, HOPS)),
      truth: Object.fromEntries(await repo.withSuccessorsAsOf(ds, codes, asOf, HOPS)),
    };
  };

  beforeAll(async () => {
    db = await createTestDatabase('routing_cache');
    ds = await openServiceDataSource({
      url: db.url,
      schema: ROUTING_SCHEMA,
      migrations: [
        ExactlyOnceTables1700000000000,
        CreateDirectory1700000000200,
        CreateRoutedDocument1700000000201,
        DirectoryVersion1700000000202,
      ],
    });
    await change(register('000.00.00.H01'), register('000.00.00.H02'), register('000.00.00.H03'));
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('answers from memory, and sees a change made through another replica on its very next lookup', async () => {
    const a = replica();
    const b = replica();
    const codes = ['000.00.00.H01', '000.00.00.H02'];
    expect((await both(a, codes)).source).toBe('memory');
    expect((await both(b, codes)).cached['000.00.00.H02'].status).toBe('active');

    // Replica A's operator suspends H02: B, warmed before, must not route to it.
    await change({
      type: 'agency.suspended',
      data: { code: '000.00.00.H02', reason: 'bảo trì', effectiveFrom: TODAY },
    });
    const seen = await both(b, codes);
    expect(seen.cached['000.00.00.H02'].status).toBe('suspended');
    expect(seen.cached).toEqual(seen.truth);
    expect(b.stats().partialReloads).toBe(1);
    expect(b.stats().fullReloads).toBe(1);

    // No change since: no reload, same answer.
    await both(b, codes);
    expect(b.stats()).toMatchObject({ partialReloads: 1, fullReloads: 1 });
  });

  it('follows a retirement to its successor the moment it is committed', async () => {
    const cache = replica();
    await cache.open(ds);
    await change(register('000.00.00.H04'), {
      type: 'agency.retired',
      data: { code: '000.00.00.H03', validTo: addDays(TODAY, -1), successorCode: '000.00.00.H04' },
    });
    const seen = await both(cache, ['000.00.00.H03']);
    expect(seen.cached['000.00.00.H03'].status).toBe('retired');
    expect(seen.cached['000.00.00.H04']?.status).toBe('active');
    expect(seen.cached).toEqual(seen.truth);
  });

  it('answers a future-dated change as of its date without waiting for any write (midnight passes)', async () => {
    const cache = replica();
    await change(rename('000.00.00.H01', 'Tên mới từ ngày mai', TOMORROW));
    const reader = await cache.open(ds);
    expect((await reader.viewsAsOf(['000.00.00.H01'], TODAY)).get('000.00.00.H01')?.name).not.toBe(
      'Tên mới từ ngày mai',
    );
    expect((await reader.viewsAsOf(['000.00.00.H01'], TOMORROW)).get('000.00.00.H01')?.name).toBe(
      'Tên mới từ ngày mai',
    );
  });

  it('reloads the whole directory after a rebuild (the projection was truncated and replayed)', async () => {
    const cache = replica();
    await cache.open(ds);
    const before = cache.stats().fullReloads;
    // A version written straight into the projection, which the rebuild will not replay:
    // a cache that only reloaded changed agencies would keep it.
    await ds.query(
      `INSERT INTO "${ROUTING_SCHEMA}".agency_version (code, valid_from, status, level, search_text, view)
       VALUES ('000.00.00.H77', $1, 'active', 'province', 'x', $2::jsonb)`,
      [
        addDays(TODAY, -1),
        JSON.stringify({ code: '000.00.00.H77', name: 'x', level: 'province', status: 'active' }),
      ],
    );
    expect((await both(cache, ['000.00.00.H77'])).cached['000.00.00.H77']).toBeDefined();
    await repo.rebuild(ds);
    const seen = await both(cache, ['000.00.00.H77', '000.00.00.H01', '000.00.00.H03']);
    expect(seen.cached['000.00.00.H77']).toBeUndefined();
    expect(seen.cached).toEqual(seen.truth);
    expect(cache.stats().fullReloads).toBe(before + 1);
  });

  it('sees a hand-written SQL change that bypassed the repository (the version is kept by a trigger)', async () => {
    const cache = replica();
    await cache.open(ds);
    await ds.query(
      `UPDATE "${ROUTING_SCHEMA}".agency_version SET view = jsonb_set(view, '{name}', '"Sửa tay"')
       WHERE code = '000.00.00.H02' AND valid_until IS NULL`,
    );
    expect((await both(cache, ['000.00.00.H02'])).cached['000.00.00.H02'].name).toBe('Sửa tay');
  });

  it('never answers older than what was committed before the lookup began, under concurrent writes', async () => {
    const code = '000.00.00.H05';
    await change(register(code));
    const readers = [replica(), replica()];
    const WRITES = 60;
    let committed = -1;
    const writer = (async () => {
      for (let k = 0; k < WRITES; k++) {
        await change(rename(code, `Tên ${k}`));
        committed = k;
      }
    })();
    const stale: string[] = [];
    let lookups = 0;
    const reader = async (cache: DirectoryCache) => {
      while (committed < WRITES - 1) {
        const floor = committed; // committed before this lookup began
        const view = (await (await cache.open(ds)).viewsAsOf([code], TODAY)).get(code);
        const match = /^Tên (\d+)$/.exec(view?.name ?? '');
        const k = match ? Number(match[1]) : -1;
        if (k < floor) stale.push(`saw ${k} after ${floor} was committed`);
        lookups++;
      }
    };
    await Promise.all([writer, ...readers.map(reader), ...readers.map(reader)]);
    expect(stale).toEqual([]);
    expect(lookups).toBeGreaterThan(WRITES);
    expect(readers.every((r) => r.stats().partialReloads > 0)).toBe(true);
  });

  describe('DIRECTORY_CACHE_MAX_VERSIONS', () => {
    it('holds a directory of exactly the limit in memory, and reads PostgreSQL one version above it', async () => {
      const rows = await repo.countVersions(ds);
      const codes = ['000.00.00.H01', '000.00.00.H02', '000.00.00.H03'];
      const atLimit = await both(replica(rows), codes);
      expect(atLimit.source).toBe('memory');
      const above = await both(replica(rows - 1), codes);
      expect(above.source).toBe('database');
      expect(above.cached).toEqual(above.truth);
      expect(atLimit.cached).toEqual(atLimit.truth);
    });

    it('drops its copy when a change takes the directory over the limit, and takes it up again below', async () => {
      const rows = await repo.countVersions(ds);
      const cache = replica(rows + 1);
      expect((await cache.open(ds)).source).toBe('memory');
      await change(register('000.00.00.H06'), register('000.00.00.H07'));
      const over = await both(cache, ['000.00.00.H06']);
      expect(over.source).toBe('database');
      expect(over.cached).toEqual(over.truth);
      expect(cache.stats().versions).toBe(0);
      await ds.query(`DELETE FROM "${ROUTING_SCHEMA}".agency_version WHERE code = '000.00.00.H07'`);
      const back = await both(cache, ['000.00.00.H06', '000.00.00.H07']);
      expect(back.source).toBe('memory');
      expect(back.cached).toEqual(back.truth);
      await repo.rebuild(ds); // puts H07 back for the tests after this one
    });

    it('0 turns the cache off: every lookup reads PostgreSQL', async () => {
      const cache = replica(0);
      const seen = await both(cache, ['000.00.00.H01']);
      expect(seen.source).toBe('database');
      expect(seen.cached).toEqual(seen.truth);
      expect(cache.stats()).toMatchObject({ versions: 0, fullReloads: 0, partialReloads: 0 });
    });
  });
});

import { AgenciesLookupReply, AgenciesSearchReply, AgencyView } from '@lt/contracts';
import { QueryError } from '@lt/messaging';
import { DataSource } from 'typeorm';
import { day, json, RoutingHarness, startRoutingHarness } from '../test-support/routing-harness';
import { AgencyDirectoryRepository } from './agency-directory.repository';

/** The agency directory through the operator API and the NATS queries (real NATS and PostgreSQL). */
describe('agency directory (operator API, queries, import, rebuild)', () => {
  let h: RoutingHarness;
  const since = day(-400);

  beforeAll(async () => {
    h = await startRoutingHarness();
  });
  afterAll(() => h?.stop());

  const register = async (agency: Record<string, unknown>) => {
    const r = await h.http('POST', '/v1/operator/agencies', { validFrom: since, ...agency });
    expect(r.status).toBe(201);
    return json(r);
  };
  const get = async (code: string, asOf?: string): Promise<AgencyView & { status: string }> => {
    const r = await h.http('GET', `/v1/operator/agencies/${code}${asOf ? `?asOf=${asOf}` : ''}`);
    expect(r.status).toBe(200);
    return json(r);
  };

  it('refuses a missing or wrong operator token, and changes nothing', async () => {
    const body = { code: '000.00.00.G99', name: 'Bộ Thử', level: 'central' };
    const missing = await fetch(`${h.url}/v1/operator/agencies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(missing.status).toBe(401);
    expect(await json(missing)).toMatchObject({ code: 'OPERATOR_AUTH_MISSING' });
    const wrong = await h.http('POST', '/v1/operator/agencies', body, {
      authorization: `Bearer ${h.token}x`,
    });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    const read = await h.http('GET', '/v1/operator/directory/../agencies/000.00.00.G99', undefined, {
      authorization: 'Bearer nope',
    });
    expect(read.status).toBe(403);
    expect(
      await h.queries.request<AgenciesLookupReply>('agencies.lookup', { code: '000.00.00.G99' }),
    ).toBeNull();
  });

  it('keeps four levels: province → district → commune unit → village unit, with children and ancestors', async () => {
    await register({ code: '000.00.00.H41', name: 'Ủy ban nhân dân tỉnh Nghệ An', level: 'province' });
    // Parents derived from the codes: the lowest non-zero level zeroed.
    await register({ code: '000.00.15.H41', name: 'Ủy ban nhân dân huyện Nghi Lộc', level: 'district' });
    await register({ code: '000.01.15.H41', name: 'Ủy ban nhân dân xã Nghi Xuân', level: 'commune' });
    await register({ code: '001.01.15.H41', name: 'Bộ phận một cửa xã Nghi Xuân', level: 'commune' });

    const deepest = await get('001.01.15.H41');
    expect(deepest).toMatchObject({ parentCode: '000.01.15.H41', groupLetter: 'H', status: 'active' });
    const ancestors = await json(await h.http('GET', '/v1/operator/agencies/001.01.15.H41/ancestors'));
    expect(ancestors.items.map((a: AgencyView) => a.code)).toEqual([
      '000.01.15.H41',
      '000.00.15.H41',
      '000.00.00.H41',
    ]);
    const children = await json(await h.http('GET', '/v1/operator/agencies/000.00.00.H41/children'));
    expect(children.items.map((a: AgencyView) => a.code)).toEqual(['000.00.15.H41']);

    const byLevel = await h.queries.request<AgenciesSearchReply>('agencies.search', { level: 'district' });
    expect(byLevel.items.map((a) => a.code)).toContain('000.00.15.H41');
    expect(byLevel.items.every((a) => a.level === 'district')).toBe(true);
  });

  it('finds agencies by name with and without Vietnamese diacritics', async () => {
    for (const q of ['Nghi Xuân', 'nghi xuan', 'NGHI XUAN xa']) {
      const found = await h.queries.request<AgenciesSearchReply>('agencies.search', { q });
      expect(found.items.map((a) => a.code).sort()).toEqual(['000.01.15.H41', '001.01.15.H41']);
    }
    const page1 = await h.queries.request<AgenciesSearchReply>('agencies.search', { q: 'nghi', limit: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await h.queries.request<AgenciesSearchReply>('agencies.search', {
      q: 'nghi',
      limit: 2,
      cursor: page1.nextCursor,
    });
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeUndefined();
    expect(new Set([...page1.items, ...page2.items].map((a) => a.code)).size).toBe(3);
    await expect(h.queries.request('agencies.search', { limit: 0 })).rejects.toMatchObject({
      code: 'INVALID_QUERY',
    } satisfies Partial<QueryError>);
  });

  it('refuses a duplicate code and an unknown parent', async () => {
    const dup = await h.http('POST', '/v1/operator/agencies', {
      code: '000.00.00.H41',
      name: 'x',
      level: 'province',
    });
    expect(dup.status).toBe(409);
    expect(await json(dup)).toMatchObject({ code: 'AGENCY_EXISTS', titleVi: expect.any(String) });
    const orphan = await h.http('POST', '/v1/operator/agencies', {
      code: '000.00.00.H77',
      name: 'x',
      level: 'province',
      parentCode: '000.00.00.Z99',
    });
    expect(orphan.status).toBe(422);
    expect(await json(orphan)).toMatchObject({ code: 'PARENT_UNKNOWN' });
  });

  it('applies a 2025-style reform by import: dry run, apply, idempotent; old codes keep their past', async () => {
    const before = day(-30);
    const reform = day(-10);
    const lastDay = day(-11);
    const csv = [
      'code,name,level,parentCode,validFrom,status,validTo,successorCode',
      `000.00.00.H14,Ủy ban nhân dân tỉnh Cao Bằng,province,,${before},active,,`,
      `000.00.00.H15,Ủy ban nhân dân tỉnh Bắc Kạn,province,,${before},active,,`,
      `000.00.21.H14,Ủy ban nhân dân huyện Hà Quảng,district,000.00.00.H14,${before},active,,`,
    ].join('\n');
    expect((await h.http('POST', '/v1/operator/directory/import', csv)).status).toBe(200);

    // The reform: Bắc Kạn merges into Cao Bằng (renamed), districts retire with the province as successor.
    const reformList = {
      agencies: [
        {
          code: '000.00.00.H14',
          name: 'Ủy ban nhân dân tỉnh Cao Bằng (mới)',
          level: 'province',
          effectiveFrom: reform,
        },
        {
          code: '000.00.00.H15',
          name: 'Ủy ban nhân dân tỉnh Bắc Kạn',
          level: 'province',
          status: 'retired',
          validTo: lastDay,
          successorCode: '000.00.00.H14',
        },
        {
          code: '000.00.00.H41',
          name: 'Ủy ban nhân dân tỉnh Nghệ An',
          level: 'province',
        },
        {
          code: '000.00.21.H14',
          name: 'Ủy ban nhân dân huyện Hà Quảng',
          level: 'district',
          status: 'retired',
          validTo: lastDay,
          successorCode: '000.00.00.H14',
        },
      ],
    };
    const dry = await h.http('POST', '/v1/operator/directory/import?dryRun=true', reformList);
    expect(dry.status).toBe(200);
    const plan = await json(dry);
    expect(plan).toMatchObject({ dryRun: true, applied: false, errors: [] });
    expect(plan.counts).toEqual({ 'agency.updated': 1, 'agency.merged': 1 });
    expect(plan.changes.find((c: { type: string }) => c.type === 'agency.merged').data).toEqual({
      mergedCodes: ['000.00.00.H15', '000.00.21.H14'],
      intoCode: '000.00.00.H14',
      effectiveFrom: reform,
    });
    expect((await get('000.00.00.H15')).status).toBe('active'); // the dry run changed nothing

    const applied = await json(await h.http('POST', '/v1/operator/directory/import', reformList));
    expect(applied).toMatchObject({ applied: true, counts: plan.counts });
    const again = await json(await h.http('POST', '/v1/operator/directory/import', reformList));
    expect(again).toMatchObject({ applied: true, counts: {}, changes: [], unchanged: 4 });

    expect(await get('000.00.00.H15')).toMatchObject({
      status: 'retired',
      validTo: lastDay,
      successorCode: '000.00.00.H14',
    });
    expect(await get('000.00.00.H15', day(-20))).toMatchObject({
      status: 'active',
      name: 'Ủy ban nhân dân tỉnh Bắc Kạn',
    });
    expect(await get('000.00.00.H14', day(-20))).toMatchObject({ name: 'Ủy ban nhân dân tỉnh Cao Bằng' });
    expect(await get('000.00.00.H14')).toMatchObject({ name: 'Ủy ban nhân dân tỉnh Cao Bằng (mới)' });
    const lookup = await h.queries.request<AgenciesLookupReply>('agencies.lookup', {
      code: '000.00.21.H14',
      asOf: day(-20),
    });
    expect(lookup).toMatchObject({ status: 'active', parentCode: '000.00.00.H14' });
    expect(
      await h.queries.request<AgenciesLookupReply>('agencies.lookup', {
        code: '000.00.21.H14',
        asOf: day(-31),
      }),
    ).toBeNull();
  });

  it('refuses a whole import with one invalid row, naming the row', async () => {
    const r = await h.http('POST', '/v1/operator/directory/import', {
      agencies: [
        { code: '000.00.00.H88', name: 'Tỉnh hợp lệ', level: 'province' },
        { code: '000.00.00.H89', name: 'Tỉnh sai', level: 'planet' },
      ],
    });
    expect(r.status).toBe(422);
    const problem = await json(r);
    expect(problem).toMatchObject({ code: 'IMPORT_REJECTED' });
    expect(problem.report.errors).toEqual([
      expect.objectContaining({ row: 2, code: '000.00.00.H89', error: 'AGENCY_INVALID' }),
    ]);
    expect(await h.queries.request('agencies.lookup', { code: '000.00.00.H88' })).toBeNull();
  });

  it('suspends and reinstates; history lists every version', async () => {
    const s = await h.http('POST', '/v1/operator/agencies/000.00.15.H41/suspend', { reason: 'kiểm tra' });
    expect(s.status).toBe(201);
    expect((await get('000.00.15.H41')).status).toBe('suspended');
    expect(
      (await h.http('POST', '/v1/operator/agencies/000.00.15.H41/suspend', { reason: 'x' })).status,
    ).toBe(409);
    expect((await h.http('POST', '/v1/operator/agencies/000.00.15.H41/reinstate', {})).status).toBe(201);
    expect((await get('000.00.15.H41')).status).toBe('active');
    const history = await json(await h.http('GET', '/v1/operator/agencies/000.00.15.H41/history'));
    expect(history.versions.length).toBeGreaterThanOrEqual(2);
  });

  it('rebuilds the same directory from its event log after the projection is dropped', async () => {
    const ds = h.app.get(DataSource);
    const repo = h.app.get(AgencyDirectoryRepository);
    const before = await repo.dump(ds);
    expect(before.length).toBeGreaterThan(8);
    await ds.query('TRUNCATE routing.agency_version');
    expect(await h.queries.request('agencies.lookup', { code: '000.00.00.H41' })).toBeNull();
    const r = await h.http('POST', '/v1/operator/directory/rebuild');
    expect(r.status).toBe(200);
    expect(await json(r)).toMatchObject({ versions: before.length });
    expect(await repo.dump(ds)).toEqual(before);
  });
});

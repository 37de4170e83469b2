import { applyToLatest, LatestAgency } from '../directory/agency-change';
import { foldVietnamese } from '../directory/fold-vietnamese';
import { planImport } from './plan-import';
import { rowsFromCsv } from './import-rows';
import { parseCsv } from './parse-csv';

const TODAY = '2026-01-10';

describe('planImport (pure)', () => {
  const rows = [
    { code: '000.01.15.H41', name: 'Xã', level: 'commune', parentCode: '000.00.15.H41' },
    { code: '000.00.15.H41', name: 'Huyện', level: 'district', parentCode: '000.00.00.H41' },
    { code: '000.00.00.H41', name: 'Tỉnh', level: 'province' },
  ];

  it('registers parents before children, and plans nothing when imported again', () => {
    const plan = planImport(rows, new Map(), 'strict', TODAY);
    expect(plan.errors).toEqual([]);
    expect(plan.changes.map((c) => (c.data as { agency: { code: string } }).agency.code)).toEqual([
      '000.00.00.H41',
      '000.00.15.H41',
      '000.01.15.H41',
    ]);
    const directory = new Map<string, LatestAgency>();
    for (const c of plan.changes) applyToLatest(directory, c);
    const again = planImport(rows, directory, 'strict', TODAY);
    expect(again).toMatchObject({ changes: [], errors: [], unchanged: 3 });
  });

  it('refuses codes outside the format under strict, accepts them under lenient', () => {
    const odd = [{ code: '28.22.H17', name: 'Xã Hòa Sơn', level: 'commune' }];
    expect(planImport(odd, new Map(), 'strict', TODAY).errors).toEqual([
      expect.objectContaining({ row: 1, error: 'AGENCY_CODE_FORMAT' }),
    ]);
    expect(planImport(odd, new Map(), 'lenient', TODAY).errors).toEqual([]);
  });

  it('turns codes retiring into one successor on one day into a single merger', () => {
    const directory = new Map<string, LatestAgency>();
    for (const c of planImport(
      [...rows, { code: '000.00.00.H42', name: 'Tỉnh B', level: 'province' }],
      new Map(),
      'strict',
      '2025-01-01',
    ).changes)
      applyToLatest(directory, c);
    const reform = planImport(
      [
        {
          code: '000.00.00.H42',
          name: 'Tỉnh B',
          level: 'province',
          status: 'retired',
          validTo: '2025-06-30',
          successorCode: '000.00.00.H41',
        },
        {
          code: '000.00.15.H41',
          name: 'Huyện',
          level: 'district',
          status: 'retired',
          validTo: '2025-06-30',
          successorCode: '000.00.00.H41',
        },
      ],
      directory,
      'strict',
      TODAY,
    );
    expect(reform.changes).toEqual([
      {
        type: 'agency.merged',
        data: {
          mergedCodes: ['000.00.00.H42', '000.00.15.H41'],
          intoCode: '000.00.00.H41',
          effectiveFrom: '2025-07-01',
        },
      },
    ]);
  });
});

describe('CSV and name folding', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('\ufeffa,b\r\n"x, ""y""","l1\nl2"\n')).toEqual([
      ['a', 'b'],
      ['x, "y"', 'l1\nl2'],
    ]);
    expect(() => parseCsv('a\n"open')).toThrow(/line 2/);
    expect(rowsFromCsv('code,name,email\n000.00.00.G22,VPCP,a@b.vn')).toEqual([
      { code: '000.00.00.G22', name: 'VPCP', contact: { email: 'a@b.vn' } },
    ]);
    expect(() => rowsFromCsv('code,colour\nx,y')).toThrow(/colour/);
  });

  it('folds Vietnamese diacritics and đ', () => {
    expect(foldVietnamese('Ủy ban nhân dân  Tỉnh ĐẮK LẮK')).toBe('uy ban nhan dan tinh dak lak');
  });
});

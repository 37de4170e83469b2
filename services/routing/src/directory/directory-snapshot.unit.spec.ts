import fc from 'fast-check';
import { AgencyView } from '@lt/contracts';
import { DirectorySnapshot } from './directory-snapshot';
import { VersionRow } from './version-history';

const view = (code: string, extra: Partial<AgencyView> = {}): AgencyView => ({
  code,
  name: `Cơ quan ${code}`,
  level: 'province',
  status: 'active',
  delivery: { mode: 'pull' },
  signaturePolicy: 'required',
  validFrom: '2020-01-01',
  ...extra,
});
const row = (
  code: string,
  from: string,
  until: string | null,
  extra: Partial<AgencyView> = {},
): VersionRow => ({
  code,
  from,
  until,
  view: view(code, extra),
});

describe('DirectorySnapshot', () => {
  const history = [
    row('A', '2025-07-01', null, { status: 'retired', successorCode: 'B' }),
    row('A', '2020-01-01', '2025-07-01'),
  ];

  it('answers as of a date: from inclusive, until exclusive, nothing before registration', () => {
    const s = DirectorySnapshot.of(1, history);
    expect(s.viewAsOf('A', '2019-12-31')).toBeUndefined();
    expect(s.viewAsOf('A', '2020-01-01')?.status).toBe('active');
    expect(s.viewAsOf('A', '2025-06-30')?.status).toBe('active');
    expect(s.viewAsOf('A', '2025-07-01')?.status).toBe('retired');
    expect(s.viewAsOf('Z', '2025-07-01')).toBeUndefined();
  });

  it('replaces the whole history of a changed agency and keeps the others (a new snapshot each time)', () => {
    const s = DirectorySnapshot.of(1, [...history, row('B', '2020-01-01', null)]);
    const next = s.withChanges(2, [
      row('B', '2020-01-01', '2026-01-01'),
      row('B', '2026-01-01', null, { name: 'B mới' }),
    ]);
    expect(next.version).toBe(2);
    expect(next.versions).toBe(4);
    expect(next.viewAsOf('B', '2026-01-01')?.name).toBe('B mới');
    expect(next.viewAsOf('A', '2025-07-01')?.status).toBe('retired');
    expect(s.viewAsOf('B', '2026-01-01')?.name).toBe('Cơ quan B'); // the old snapshot is untouched
  });

  it('follows successors exactly maxHops retirements deep, and stops on a cycle', () => {
    const chain = DirectorySnapshot.of(1, [
      row('A', '2020-01-01', null, { status: 'retired', successorCode: 'B' }),
      row('B', '2020-01-01', null, { status: 'retired', successorCode: 'C' }),
      row('C', '2020-01-01', null, { status: 'retired', successorCode: 'A' }),
    ]);
    expect([...chain.withSuccessors(['A'], '2025-01-01', 0).keys()]).toEqual(['A']);
    expect([...chain.withSuccessors(['A'], '2025-01-01', 1).keys()]).toEqual(['A', 'B']);
    expect([...chain.withSuccessors(['A'], '2025-01-01', 2).keys()]).toEqual(['A', 'B', 'C']);
    expect([...chain.withSuccessors(['A'], '2025-01-01', 20).keys()]).toEqual(['A', 'B', 'C']);
  });

  it('answers every date as a scan of the rows does, for any history', () => {
    const day = fc
      .integer({ min: 0, max: 60 })
      .map((d) => new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.uniqueArray(day, { minLength: 1, maxLength: 6 }), day, (starts, asOf) => {
        const sorted = [...starts].sort();
        const rows = sorted.map((from, i) => row('A', from, sorted[i + 1] ?? null, { name: `v${i}` }));
        const expected = rows.find((r) => r.from <= asOf && (r.until === null || r.until > asOf))?.view;
        const shuffled = [...rows].reverse();
        expect(DirectorySnapshot.of(1, shuffled).viewAsOf('A', asOf)).toEqual(expected);
      }),
    );
  });
});

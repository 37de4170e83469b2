// Routing decisions against a 20,000-agency directory: sender check + recipient resolution
// (successors followed) for packages with 1, 10 and 60 recipients, 8 decisions in flight as the event
// handler runs them, read three ways in the same run:
// - baseline: PostgreSQL as routing first did it (one query for sender + recipients, one per hop;
//   also what routing does with the cache off, DIRECTORY_CACHE_MAX_VERSIONS=0);
// - cache: this replica's in-memory copy, checked against PostgreSQL's directory version first
//   (one single-row query per decision) — what routing runs;
// - floor: the same decision over an in-memory Map of the same agencies, nothing else.
// Also: one-code lookup latency (p50/p99) each way, the cache's cold load and its reload after one
// operator change, and the time to rebuild the projection.
import { cpus, loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { AgencyView } from '../libs/contracts/src';
import { openServiceDataSource, ExactlyOnceTables1700000000000 } from '../libs/persistence/src';
import { createTestDatabase } from '../libs/testing/src';
import {
  AgencyDirectoryRepository,
  ROUTING_SCHEMA,
} from '../services/routing/src/directory/agency-directory.repository';
import { toEvent } from '../services/routing/src/directory/directory-writer';
import { AgencyChange } from '../services/routing/src/directory/agency-change';
import { vietnamToday } from '../services/routing/src/directory/calendar';
import { CreateDirectory1700000000200 } from '../services/routing/src/migrations/1700000000200-create-directory.migration';
import { CreateRoutedDocument1700000000201 } from '../services/routing/src/migrations/1700000000201-create-routed-document.migration';
import { DirectoryVersion1700000000202 } from '../services/routing/src/migrations/1700000000202-directory-version.migration';
import { DirectoryCache } from '../services/routing/src/directory/directory-cache';
import { resolveRecipients, senderRefusal } from '../services/routing/src/route-document/resolve-recipients';
import { progress, table, writeBenchSection } from './lib/bench-report';

const AGENCIES = 20_000;
const CONCURRENCY = 8;
const DURATION_MS = Number(process.env.BENCH_ROUTING_MS ?? 2_500);
const LOOKUP_SAMPLES = 5_000;
const MAX_HOPS = 5;

/** Everything one decision reads from the directory, for the sender and its recipients. */
type DecisionReads = (sender: string, recipients: string[]) => Promise<Map<string, AgencyView>>;

/** 34 provinces × districts × communes, plus 60 central bodies; some retired with successors. */
function nationalList(): AgencyChange[] {
  const changes: AgencyChange[] = [];
  const reg = (code: string, level: AgencyView['level'], parentCode?: string) =>
    changes.push({
      type: 'agency.registered',
      data: {
        agency: {
          code,
          name: `Cơ quan ${code}`,
          level,
          ...(parentCode ? { parentCode } : {}),
          delivery: { mode: 'pull' },
          signaturePolicy: 'required',
          validFrom: '2020-01-01',
        },
      },
    });
  for (let g = 1; g <= 60; g++) reg(`000.00.00.G${String(g).padStart(2, '0')}`, 'central');
  let n = 60;
  for (let p = 1; p <= 99 && n < AGENCIES; p++) {
    const province = `000.00.00.H${String(p).padStart(2, '0')}`;
    reg(province, 'province');
    n++;
    for (let d = 1; d <= 20 && n < AGENCIES; d++) {
      const district = `000.00.${String(d).padStart(2, '0')}.H${String(p).padStart(2, '0')}`;
      reg(district, 'district', province);
      n++;
      for (let c = 1; c <= 12 && n < AGENCIES; c++) {
        reg(
          `000.${String(c).padStart(2, '0')}.${String(d).padStart(2, '0')}.H${String(p).padStart(2, '0')}`,
          'commune',
          district,
        );
        n++;
      }
    }
  }
  // A reform: every tenth district retired into its province.
  for (let p = 1; p <= 34; p++) {
    const province = `000.00.00.H${String(p).padStart(2, '0')}`;
    changes.push({
      type: 'agency.retired',
      data: {
        code: `000.00.10.H${String(p).padStart(2, '0')}`,
        validTo: '2025-06-30',
        successorCode: province,
      },
    });
  }
  return changes;
}

async function seed(ds: DataSource, changes: AgencyChange[]) {
  const events = changes.map((c) => toEvent(c, 'bench', 'bench'));
  for (let i = 0; i < events.length; i += 2_000) {
    const batch = events.slice(i, i + 2_000);
    await ds.query(
      `INSERT INTO "${ROUTING_SCHEMA}".agency_event (event_id, type, codes, envelope)
       SELECT e, t, ARRAY[c], j FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[]) AS x(e, t, c, j)`,
      [
        batch.map((e) => e.id),
        batch.map((e) => e.type),
        batch.map((e) => e.aggregate.id),
        batch.map((e) => JSON.stringify(e)),
      ],
    );
    progress('directory events', Math.min(i + 2_000, events.length), events.length);
  }
}

async function decisionsPerSecond(
  reads: DecisionReads,
  sender: string,
  pick: (i: number) => string[],
): Promise<number> {
  let done = 0;
  const end = performance.now() + DURATION_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const recipients = pick(done);
        const views = await reads(sender, recipients);
        if (senderRefusal(sender, views.get(sender))) throw new Error('sender refused');
        const r = resolveRecipients(recipients, views, MAX_HOPS);
        if (r.routed.length === 0) throw new Error('nothing routed');
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/** Sequential one-code lookups: p50 and p99 in ms. */
async function lookupLatency(label: string, codes: string[], lookup: (code: string) => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < LOOKUP_SAMPLES; i++) {
    const code = codes[(i * 7919) % codes.length];
    const t = performance.now();
    if (!(await lookup(code))) throw new Error(`${code} not found`);
    samples.push(performance.now() - t);
    if (i % 1000 === 999) progress(`lookups (${label})`, i + 1, LOOKUP_SAMPLES);
  }
  samples.sort((x, y) => x - y);
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * p))];
  console.log(`lookup one code, ${label}: p50 ${pct(0.5).toFixed(3)} ms, p99 ${pct(0.99).toFixed(3)} ms`);
  return { p50: pct(0.5), p99: pct(0.99) };
}

async function main() {
  const db = await createTestDatabase('bench_routing');
  const ds = await openServiceDataSource({
    url: db.url,
    schema: ROUTING_SCHEMA,
    migrations: [
      ExactlyOnceTables1700000000000,
      CreateDirectory1700000000200,
      CreateRoutedDocument1700000000201,
      DirectoryVersion1700000000202,
    ],
  });
  try {
    const repo = new AgencyDirectoryRepository();
    const changes = nationalList();
    await seed(ds, changes);
    const t0 = performance.now();
    const rebuilt = await repo.rebuild(ds);
    const rebuildMs = performance.now() - t0;
    console.log(
      `directory: ${rebuilt.versions} versions from ${rebuilt.events} events, rebuilt in ${rebuildMs.toFixed(0)} ms`,
    );

    const today = vietnamToday();
    const memory = new Map<string, AgencyView>();
    for (const [code, latest] of await repo.latest(ds)) memory.set(code, latest.view);
    const communes = [...memory.keys()].filter((c) => memory.get(c)?.level === 'commune');
    const provinces = [...memory.keys()].filter((c) => memory.get(c)?.level === 'province');
    const districts = [...memory.keys()].filter((c) => /^000\.00\.10\.H/.test(c)); // retired: successor hop
    const sender = '000.00.00.G22';

    // The four ways of reading a decision's agencies.
    const baseline: DecisionReads = async (from, recipients) => {
      const views = await repo.viewsAsOf(ds, [from, ...recipients], today);
      let frontier = [...views.values()];
      for (let hop = 0; hop < MAX_HOPS; hop++) {
        const next = frontier
          .filter((v) => v.status === 'retired' && v.successorCode && !views.has(v.successorCode))
          .map((v) => v.successorCode!);
        if (next.length === 0) break;
        const found = await repo.viewsAsOf(ds, [...new Set(next)], today);
        for (const [k, v] of found) views.set(k, v);
        frontier = [...found.values()];
      }
      return views;
    };
    const cache = new DirectoryCache(repo, { DIRECTORY_CACHE_MAX_VERSIONS: 200_000 });
    let t1 = performance.now();
    await cache.open(ds);
    const coldLoadMs = performance.now() - t1;
    const cached: DecisionReads = async (from, recipients) =>
      (await cache.open(ds)).withSuccessors([from, ...recipients], today, MAX_HOPS);
    const floor: DecisionReads = async (from, recipients) => {
      const codes = [from, ...recipients];
      const out = new Map<string, AgencyView>();
      for (let i = 0; i < codes.length; i++) {
        const v = memory.get(codes[i]);
        if (!v) continue;
        out.set(codes[i], v);
        if (v.status === 'retired' && v.successorCode && !out.has(v.successorCode) && i < 100)
          codes.push(v.successorCode);
      }
      return out;
    };
    // One operator change, then the next decision pays the partial reload.
    await ds.transaction(async (m) => {
      await repo.lockForWrite(m);
      await repo.append(m, [
        toEvent(
          {
            type: 'agency.updated',
            data: { code: communes[0], changes: { shortName: 'bench' }, effectiveFrom: today },
          },
          'bench',
          'bench',
        ),
      ]);
    });
    t1 = performance.now();
    await cache.open(ds);
    const reloadMs = performance.now() - t1;
    console.log(
      `cache: cold load ${coldLoadMs.toFixed(0)} ms (${cache.stats().versions} versions), reload after one change ${reloadMs.toFixed(2)} ms`,
    );

    const shapes: Array<[string, (i: number) => string[]]> = [
      ['1 recipient (commune)', (i) => [communes[i % communes.length]]],
      [
        '10 recipients (9 communes + 1 retired district)',
        (i) => [
          ...Array.from({ length: 9 }, (_, k) => communes[(i * 9 + k) % communes.length]),
          districts[i % districts.length],
        ],
      ],
      ['60 recipients (ministry to every province)', () => provinces.slice(0, 60)],
    ];
    const ways: Array<[string, DecisionReads]> = [
      ['baseline', baseline],
      ['cache', cached],
      ['floor', floor],
    ];
    const rows: Array<Array<string | number>> = [];
    for (const [label, pick] of shapes) {
      const rate: Record<string, number> = {};
      for (const [way, reads] of ways) rate[way] = await decisionsPerSecond(reads, sender, pick);
      console.log(
        `${label}: baseline ${rate.baseline.toFixed(0)}/s, ` +
          `cache ${rate.cache.toFixed(0)}/s, floor ${rate.floor.toFixed(0)}/s`,
      );
      rows.push([
        label,
        Math.round(rate.baseline),
        Math.round(rate.cache),
        Math.round(rate.floor),
        `${((rate.cache / rate.floor) * 100).toFixed(1)} %`,
        `× ${(rate.cache / rate.baseline).toFixed(1)}`,
      ]);
    }

    const latency = [
      [
        'PostgreSQL (baseline)',
        await lookupLatency('PostgreSQL', communes, async (c) =>
          (await repo.viewsAsOf(ds, [c], today)).get(c),
        ),
      ],
      [
        'cache (version check + memory)',
        await lookupLatency('cache', communes, async (c) =>
          (await (await cache.open(ds)).viewsAsOf([c], today)).get(c),
        ),
      ],
      [
        'cache, lookup in an opened snapshot (no check)',
        await (async () => {
          const reader = await cache.open(ds);
          return lookupLatency('snapshot', communes, async (c) =>
            (await reader.viewsAsOf([c], today)).get(c),
          );
        })(),
      ],
      ['floor (Map)', await lookupLatency('Map', communes, async (c) => memory.get(c))],
    ] as const;

    writeBenchSection(
      'routing',
      'Routing decisions against a 20,000-agency directory',
      [
        `Directory: ${rebuilt.versions} agency versions (${AGENCIES} agencies, 34 districts retired into their provinces) in PostgreSQL; ` +
          `${CONCURRENCY} decisions in flight (the handler's concurrency), ${DURATION_MS / 1000} s each. ` +
          'A decision = sender check + resolving every recipient as of today (successor hops included). ' +
          'Baseline: PostgreSQL as first built (one query for sender + recipients, one per successor hop). ' +
          "Cache: the replica's in-memory copy after " +
          'a one-row version check against PostgreSQL (what routing runs). Floor: an in-memory Map, no check.',
        '',
        table(
          ['package', 'baseline/s', 'cache/s', 'floor/s (Map)', 'cache of floor', 'cache vs baseline'],
          rows,
        ),
        '',
        table(
          ['directory lookup (one code, sequential)', 'p50 ms', 'p99 ms'],
          latency.map(([label, l]) => [
            `${label}, ${LOOKUP_SAMPLES} lookups`,
            l.p50.toFixed(3),
            l.p99.toFixed(3),
          ]),
        ),
        '',
        `Cache: cold load of ${cache.stats().versions} versions ${coldLoadMs.toFixed(0)} ms; reload after one operator change ${reloadMs.toFixed(2)} ms. ` +
          `Rebuild (drop the projection, replay ${rebuilt.events} events): ${rebuildMs.toFixed(0)} ms. ` +
          `Machine load average at the end: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores (shared). ` +
          'Targets: ≥ 5,000 decisions/s for 1 recipient; lookup p99 < 1 ms.',
      ].join('\n'),
    );
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

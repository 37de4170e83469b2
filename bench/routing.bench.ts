// Routing decisions against a 20,000-agency directory in PostgreSQL: sender check + recipient
// resolution (successors followed) for packages with 1, 10 and 60 recipients, 8 decisions in flight
// as the event handler runs them. The floor is the same decision over an in-memory Map of the same
// agencies. Also: one-code directory lookup latency (p50/p99) and the time to rebuild the projection.
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
import {
  DirectoryLookup,
  resolveRecipients,
  senderRefusal,
} from '../services/routing/src/route-document/resolve-recipients';
import { progress, table, writeBenchSection } from './lib/bench-report';

const AGENCIES = 20_000;
const CONCURRENCY = 8;
const DURATION_MS = 4_000;
const LOOKUP_SAMPLES = 5_000;

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
  lookup: DirectoryLookup,
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
        const views = await lookup([sender, ...recipients]);
        if (senderRefusal(sender, views.get(sender))) throw new Error('sender refused');
        const copy = new Map(views);
        copy.delete(sender);
        const r = await resolveRecipients(recipients, lookup, 5, copy);
        if (r.routed.length === 0) throw new Error('nothing routed');
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
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
    const inMemory: DirectoryLookup = async (codes) => {
      const out = new Map<string, AgencyView>();
      for (const c of codes) {
        const v = memory.get(c);
        if (v) out.set(c, v);
      }
      return out;
    };
    const fromDb: DirectoryLookup = (codes) => repo.viewsAsOf(ds, codes, today);
    const communes = [...memory.keys()].filter((c) => memory.get(c)?.level === 'commune');
    const provinces = [...memory.keys()].filter((c) => memory.get(c)?.level === 'province');
    const districts = [...memory.keys()].filter((c) => /^000\.00\.10\.H/.test(c)); // retired: successor hop
    const sender = '000.00.00.G22';
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
    const rows: Array<Array<string | number>> = [];
    for (const [label, pick] of shapes) {
      const db = await decisionsPerSecond(fromDb, sender, pick);
      const floor = await decisionsPerSecond(inMemory, sender, pick);
      console.log(`${label}: ${db.toFixed(0)} decisions/s (PostgreSQL), floor ${floor.toFixed(0)}/s (Map)`);
      rows.push([label, Math.round(db), Math.round(floor), `${((db / floor) * 100).toFixed(1)} %`]);
    }

    const samples: number[] = [];
    for (let i = 0; i < LOOKUP_SAMPLES; i++) {
      const code = communes[(i * 7919) % communes.length];
      const t = performance.now();
      await repo.viewsAsOf(ds, [code], today);
      samples.push(performance.now() - t);
      if (i % 1000 === 999) progress('lookups', i + 1, LOOKUP_SAMPLES);
    }
    samples.sort((a, b) => a - b);
    const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * p))];
    console.log(`lookup one code: p50 ${pct(0.5).toFixed(3)} ms, p99 ${pct(0.99).toFixed(3)} ms`);

    writeBenchSection(
      'routing',
      'Routing decisions against a 20,000-agency directory',
      [
        `Directory: ${rebuilt.versions} agency versions (${AGENCIES} agencies, 34 districts retired into their provinces) in PostgreSQL; ` +
          `${CONCURRENCY} decisions in flight (the handler's concurrency), ${DURATION_MS / 1000} s each. ` +
          'A decision = sender check + resolving every recipient as of today (successor hops included). ' +
          'Floor: the same decision over an in-memory Map of the same agencies.',
        '',
        table(['package', 'decisions/s (PostgreSQL)', 'floor decisions/s (Map)', 'of floor'], rows),
        '',
        table(
          ['directory lookup (one code, sequential)', 'p50 ms', 'p99 ms'],
          [[`${LOOKUP_SAMPLES} lookups`, pct(0.5).toFixed(3), pct(0.99).toFixed(3)]],
        ),
        '',
        `Rebuild (drop the projection, replay ${rebuilt.events} events): ${rebuildMs.toFixed(0)} ms. ` +
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

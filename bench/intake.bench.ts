// Agency submissions at the HTTP edge: signed POST /v1/documents of a 10 KB package through parse,
// blob store, PostgreSQL (document + idempotency + outbox) and the JetStream publish ack of
// document.submitted, measured with autocannon on loopback. The baseline in the same run is a bare
// Fastify handler that stores the same bytes in the same blob store and answers 202.
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import Fastify from 'fastify';
import { connect } from '@nats-io/transport-node';
import { JetStreamObjectBlobStore } from '../libs/blobs/src';
import {
  buildEdxmlPackage,
  createTestDatabase,
  deleteTestStreams,
  isolatedMessagingOptions,
} from '../libs/testing/src';
import { signedHeaders } from '../services/intake/src/client/agency-client';
import { startIntakeUnderTest } from '../services/intake/src/test-support/intake-under-test';
import { table, writeBenchSection } from './lib/bench-report';

const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

interface AutocannonResult {
  /** Mean 1-minute load average of the machine during the round (added by this bench). */
  load?: number;
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

const SENDER = '000.00.00.G22';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 24);
const PLACEHOLDER = 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX';

/** A ~10 KB package whose DocumentId is a placeholder, so each request can be a new document. */
function packageTemplate(): { head: Buffer; tail: Buffer; size: number } {
  const xml = buildEdxmlPackage({
    fromCode: SENDER,
    toCodes: ['000.00.00.H41'],
    documentId: PLACEHOLDER,
    attachmentBytes: 5600,
  });
  const [head, tail] = xml.split(PLACEHOLDER);
  return { head: Buffer.from(head), tail: Buffer.from(tail), size: Buffer.byteLength(xml) };
}

let counter = 0;
function nextBody(t: { head: Buffer; tail: Buffer }, run: string): Buffer {
  const id = `${run}-${(counter++).toString().padStart(12, '0')}`;
  return Buffer.concat([t.head, Buffer.from(id), t.tail]);
}

async function load(
  label: string,
  url: string,
  path: string,
  sign: (body: Buffer) => Record<string, string>,
  t: { head: Buffer; tail: Buffer },
) {
  const run = createHash('sha256').update(`${label}${Date.now()}`).digest('hex').slice(0, 12);
  process.stderr.write(`${label}: ${CONNECTIONS} connections for ${DURATION_S} s…\n`);
  // A short warm-up so JIT and connection pools are not measured.
  const request = () => ({
    method: 'POST',
    path,
    setupRequest: (req: Record<string, unknown>) => {
      const body = nextBody(t, run);
      return { ...req, body, headers: { 'content-type': 'application/xml', ...sign(body) } };
    },
  });
  await autocannon({ url, connections: 8, duration: 2, requests: [request()] });
  // The machine is shared: sample the 1-minute load average while the round runs, to read figures by.
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(loadavg()[0]), 1000);
  try {
    const result = await autocannon({
      url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      requests: [request()],
    });
    samples.push(loadavg()[0]);
    const load = samples.reduce((a, b) => a + b, 0) / samples.length;
    process.stderr.write(
      `  ${Math.round(result.requests.average)}/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, load ${load.toFixed(1)}\n`,
    );
    return { ...result, load };
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  const t = packageTemplate();
  const messaging = isolatedMessagingOptions('bench-intake');
  const db = await createTestDatabase('bench_intake');
  const nc = await connect({ servers: messaging.natsUrl });
  const rounds: Record<'bare' | 'intake', AutocannonResult[]> = { bare: [], intake: [] };
  try {
    // Baseline: bare Fastify, same body, same blob store (the JetStream object store), no checks.
    const blobs = new JetStreamObjectBlobStore(nc, { bucket: `${messaging.streamName}_BLOBS` });
    const bare = Fastify({ bodyLimit: 50 * 1024 * 1024 });
    bare.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    bare.post('/bare', async (req, reply) => {
      const ref = await blobs.put(req.body as Buffer);
      return reply.code(202).send({ sha256: ref.sha256 });
    });
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
    const intake = await startIntakeUnderTest(
      {
        natsUrl: messaging.natsUrl,
        databaseUrl: db.url,
        subjectPrefix: messaging.subjects.prefix,
        streamName: messaging.streamName,
      },
      { LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '10000000', RATE_LIMIT_BURST: '1000000' },
    );
    try {
      const client = await intake.agency(SENDER);
      const sign = (body: Buffer) => signedHeaders(client.credentials, 'POST', '/v1/documents', body);
      // Alternating rounds: the machine is shared, so both servers see the same background load.
      for (let round = 1; round <= ROUNDS; round++) {
        rounds.bare.push(await load(`bare (round ${round}/${ROUNDS})`, bareUrl, '/bare', () => ({}), t));
        rounds.intake.push(
          await load(`intake (round ${round}/${ROUNDS})`, intake.url, '/v1/documents', sign, t),
        );
      }
    } finally {
      await intake.app.close();
      await bare.close();
    }
  } finally {
    await nc.close();
    await db.drop();
    await deleteTestStreams(messaging);
  }

  const median = (rs: AutocannonResult[]): AutocannonResult =>
    [...rs].sort((a, b) => a.requests.average - b.requests.average)[Math.floor(rs.length / 2)];
  const results = [
    { label: 'bare Fastify + blob store (baseline)', r: median(rounds.bare) },
    { label: 'intake POST /v1/documents (signed, parsed, stored, published)', r: median(rounds.intake) },
  ];
  const [bare, intake] = results;
  const ratio = intake.r.requests.average / bare.r.requests.average;
  const rows = results.map(({ label, r }) => [
    label,
    Math.round(r.requests.average),
    r.latency.p50,
    r.latency.p99,
    r['2xx'],
    r.non2xx + r.errors + r.timeouts,
    (r.load ?? 0).toFixed(1),
  ]);
  const ratios = rounds.intake.map((r, i) => r.requests.average / rounds.bare[i].requests.average);
  const allLoads = [...rounds.bare, ...rounds.intake].map((r) => r.load ?? 0);
  const md = [
    `Package ${t.size} bytes (a new DocumentId per request), ${CONNECTIONS} connections, median of ${ROUNDS} alternating rounds of ${DURATION_S} s (each after a 2 s warm-up); autocannon in the same process on loopback (2 cores shared with NATS and PostgreSQL).`,
    '',
    table(['server', 'accepted/s', 'p50 ms', 'p99 ms', '2xx', 'non-2xx/errors', 'load (1 min)'], rows),
    '',
    `Rounds (accepted/s), bare: ${rounds.bare.map((r) => Math.round(r.requests.average)).join(', ')}; intake: ${rounds.intake.map((r) => Math.round(r.requests.average)).join(', ')}; intake/bare per round: ${ratios.map((x) => `${(x * 100).toFixed(0)} %`).join(', ')}.`,
    '',
    `Machine load while it ran (1-minute load average on ${cpus().length} cores, other engineers' work included): ${Math.min(...allLoads).toFixed(1)}–${Math.max(...allLoads).toFixed(1)}; a load above the core count means every process here, NATS and PostgreSQL included, waited for a CPU.`,
    '',
    `intake reaches **${(ratio * 100).toFixed(0)} %** of the bare handler (target ≥ 60 %) at **${Math.round(intake.r.requests.average)}/s** (target ≥ 1,500/s).`,
  ].join('\n');
  console.log(md);
  writeBenchSection('intake', 'intake: accepted submissions at the HTTP edge', md);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

// Delivery throughput and priority (issue 6): push deliveries/s to a local receiver against the
// receiver's own raw request rate measured in the same run (the floor), document.routed → delivered
// p50/p99 (under a burst and one document at a time), the wait of 100 hỏa tốc deliveries injected behind
// a full normal backlog of 10,000 (once still in the event stream, once already in the delivery table),
// and pull deliveries/s (list + fetch + ack over request-reply).
import http from 'node:http';
import { BlobRef, createEvent, DocumentRoutedV1, InboxListReply } from '../libs/contracts/src';
import {
  DeliveryHarness,
  eventually,
  startDeliveryHarness,
} from '../services/delivery/src/testing/delivery-harness';
import { TestReceiver } from '../services/delivery/src/testing/test-receiver';
import { progress, table, writeBenchSection } from './lib/bench-report';

const AGENCIES = 100;

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** The floor: how many POSTs/s the receiver itself answers from a plain keep-alive loop. */
async function rawReceiverRate(receiver: TestReceiver, total: number, concurrency: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const body = Buffer.alloc(1024, 'x');
  let next = 0;
  const started = performance.now();
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        receiver.url('raw'),
        { method: 'POST', agent, headers: { 'x-lt-request-id': `raw-${next}` } },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        await one();
      }
    }),
  );
  agent.destroy();
  return (total * 1000) / (performance.now() - started);
}

async function routeMany(
  h: DeliveryHarness,
  docs: number,
  agencies: string[],
  priority: number,
  blob: Awaited<ReturnType<DeliveryHarness['putPackage']>>,
) {
  const routedAt = new Map<string, number>();
  for (let i = 0; i < docs; i++) {
    const id = await h.routeDocument({
      recipients: agencies.map((agencyCode) => ({ agencyCode, delivery: 'push' as const })),
      blob,
      priority,
    });
    routedAt.set(id, Date.now());
  }
  return routedAt;
}

/** A `document.routed` of one document to every agency by push, as routing publishes it. */
function routedEvent(agencies: string[], priority: number, blob: BlobRef) {
  const documentId = crypto.randomUUID();
  const data: DocumentRoutedV1 = {
    documentId,
    senderCode: '000.00.00.G22',
    priority,
    blob,
    recipients: agencies.map((agencyCode) => ({ agencyCode, delivery: 'push' as const })),
  };
  return createEvent({
    type: 'document.routed',
    aggregate: { type: 'document', id: documentId },
    correlationId: documentId,
    actor: 'routing',
    data,
  });
}

/**
 * Routes a normal backlog of 100 documents × 100 recipients (`setUp`, which may return a `release`
 * run just before the flash document), then one hỏa tốc document to the 100 agencies, and measures
 * when each hỏa tốc push reached the receiver after it was routed.
 */
async function flashBehindBacklog(
  h: DeliveryHarness,
  receiver: TestReceiver,
  agencies: string[],
  blob: BlobRef,
  setUp: () => Promise<void | (() => Promise<void>)>,
): Promise<{ backlog: number; p50: number; p99: number; drainMs: number }> {
  receiver.accepted.clear();
  const normalTotal = agencies.length * agencies.length;
  const release = await setUp();
  if (release) await release();
  const flash = routedEvent(agencies, 3, blob);
  const flashAt = Date.now();
  const backlog = normalTotal - receiver.accepted.size;
  await h.publisher.publish(flash);
  const flashIds = (await eventually(
    async () => {
      const r: Array<{ id: string }> = await h.db.query(
        `SELECT id FROM delivery.delivery WHERE document_id = $1 AND state = 'delivered'`,
        [flash.data.documentId],
      );
      return r.length === agencies.length ? r : null;
    },
    60_000,
    10,
  )) as Array<{ id: string }>;
  const arrivals = flashIds.map(
    (r) => (receiver.pushes.find((p) => p.requestId === r.id)?.at ?? NaN) - flashAt,
  );
  await eventually(
    () => {
      progress('backlog', receiver.accepted.size, normalTotal + agencies.length);
      return receiver.accepted.size >= normalTotal + agencies.length;
    },
    120_000,
    50,
  );
  return { backlog, p50: pct(arrivals, 50), p99: pct(arrivals, 99), drainMs: Date.now() - flashAt };
}

async function main(): Promise<void> {
  const receiver = new TestReceiver();
  await receiver.start();
  const floor = await rawReceiverRate(receiver, 10_000, 64);
  console.log(`receiver raw rate: ${Math.round(floor)} req/s`);

  const h = await startDeliveryHarness({
    LOG_LEVEL: 'error',
    DELIVERY_POLL_INTERVAL_MS: '20',
    DELIVERY_PUSH_CONCURRENCY: '128',
    // Lanes, worker, recorder and relay share the pool: the default 10 makes urgent handlers queue.
    DATABASE_POOL_SIZE: process.env.BENCH_DB_POOL ?? '30',
    // A quarter of the slots kept for hỏa tốc / thượng khẩn (the service default is 16 of 64).
    DELIVERY_PUSH_URGENT_RESERVE: '32',
  });
  try {
    const agencies = Array.from({ length: AGENCIES }, (_, i) => `000.00.${String(i).padStart(2, '0')}.B01`);
    for (const a of agencies) receiver.secrets.set(a, await h.registerEndpoint(a, receiver.url(a)));
    const blob = await h.putPackage(`<edXML>${'x'.repeat(10_000)}</edXML>`);

    // Push throughput and routed → delivered latency: 50 documents × 100 recipients.
    const pushTotal = 5_000;
    receiver.accepted.clear();
    const t0 = performance.now();
    const routedAt = await routeMany(h, pushTotal / AGENCIES, agencies, 0, blob);
    await eventually(
      () => {
        progress('push', receiver.accepted.size, pushTotal);
        return receiver.accepted.size >= pushTotal;
      },
      120_000,
      100,
    );
    const pushRate = (pushTotal * 1000) / (performance.now() - t0);
    const rows: Array<{ document_id: string; delivered_at: Date }> = await h.db.query(
      `SELECT document_id, delivered_at FROM delivery.delivery WHERE document_id = ANY($1) AND state = 'delivered'`,
      [[...routedAt.keys()]],
    );
    const latencies = rows.map(
      (r) => new Date(r.delivered_at).getTime() - (routedAt.get(r.document_id) ?? 0),
    );
    console.log(
      `push: ${Math.round(pushRate)} deliveries/s; routed→delivered p50 ${pct(latencies, 50)} ms, p99 ${pct(latencies, 99)} ms`,
    );

    // One document at a time on an idle service: the latency without a queue.
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) {
      const sentAt = Date.now();
      const doc = await h.routeDocument({
        recipients: [{ agencyCode: agencies[i], delivery: 'push' }],
        blob,
      });
      const [row] = (await eventually(
        async () => {
          const r: Array<{ delivered_at: Date }> = await h.db.query(
            `SELECT delivered_at FROM delivery.delivery WHERE document_id = $1 AND state = 'delivered'`,
            [doc],
          );
          return r.length ? r : null;
        },
        10_000,
        2,
      )) as Array<{ delivered_at: Date }>;
      idle.push(new Date(row.delivered_at).getTime() - sentAt);
    }
    console.log(`one document at a time: routed→delivered p50 ${pct(idle, 50)} ms, p99 ${pct(idle, 99)} ms`);

    // Priority, backlog in the event stream: 10,000 normal deliveries (100 documents × 100 recipients)
    // routed, then at once 100 hỏa tốc ones (1 document × 100 recipients).
    const streamFlash = await flashBehindBacklog(h, receiver, agencies, blob, async () => {
      await h.publisher.publishAll(agencies.map(() => routedEvent(agencies, 0, blob)));
    });
    console.log(
      `hỏa tốc behind ${streamFlash.backlog} undelivered normal (event stream): wait p50 ${streamFlash.p50} ms, p99 ${streamFlash.p99} ms; backlog drained in ${streamFlash.drainMs} ms`,
    );

    // Priority, backlog in the table: every agency's circuit held open while 10,000 normal deliveries
    // are queued, then closed at the moment the hỏa tốc document is routed, so the worker starts on a
    // full table of due normal work.
    const tableFlash = await flashBehindBacklog(h, receiver, agencies, blob, async () => {
      await h.db.query(
        `INSERT INTO delivery.agency_circuit (agency_code, open_until) SELECT unnest($1::text[]), now() + interval '1 hour'
         ON CONFLICT (agency_code) DO UPDATE SET open_until = excluded.open_until`,
        [agencies],
      );
      await h.publisher.publishAll(agencies.map(() => routedEvent(agencies, 0, blob)));
      await eventually(
        async () => {
          const [r]: Array<{ n: string }> = await h.db.query(
            `SELECT count(*) AS n FROM delivery.delivery WHERE priority = 0 AND state IN ('queued','retrying')`,
          );
          progress('table backlog', Number(r.n), 10_000);
          return Number(r.n) >= 10_000;
        },
        60_000,
        100,
      );
      return async () => {
        await h.db.query(`UPDATE delivery.agency_circuit SET open_until = NULL`);
      };
    });
    console.log(
      `hỏa tốc behind ${tableFlash.backlog} undelivered normal (delivery table): wait p50 ${tableFlash.p50} ms, p99 ${tableFlash.p99} ms; backlog drained in ${tableFlash.drainMs} ms`,
    );

    // Pull: 2,000 inbox deliveries fetched and acknowledged by 16 concurrent clients.
    const pullAgency = '000.00.00.P01';
    const pullTotal = 2_000;
    for (let i = 0; i < pullTotal / 100; i++) {
      const docs = Array.from({ length: 100 }, () =>
        h.routeDocument({ recipients: [{ agencyCode: pullAgency, delivery: 'pull' }], blob }),
      );
      await Promise.all(docs);
    }
    await eventually(async () => {
      const [r]: Array<{ n: string }> = await h.db.query(
        `SELECT count(*) AS n FROM delivery.delivery WHERE recipient_code = $1`,
        [pullAgency],
      );
      return Number(r.n) === pullTotal;
    }, 60_000);
    let acked = 0;
    const p0 = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async (_, worker) => {
        for (;;) {
          const page = await h.queries.request<InboxListReply>('inbox.list', {
            agencyCode: pullAgency,
            limit: 100,
          });
          const mine = page.items.filter((_, i) => i % 16 === worker);
          if (page.items.length === 0) return;
          for (const item of mine) {
            try {
              await h.queries.request('inbox.fetch', { agencyCode: pullAgency, deliveryId: item.deliveryId });
              await h.queries.request('inbox.ack', {
                agencyCode: pullAgency,
                deliveryId: item.deliveryId,
                outcome: 'done',
              });
              acked++;
            } catch {
              // Another client took it first.
            }
          }
          if (mine.length === 0) await new Promise((r) => setTimeout(r, 5));
        }
      }),
    );
    const pullRate = (acked * 1000) / (performance.now() - p0);
    console.log(`pull: ${Math.round(pullRate)} deliveries/s (list + fetch + ack)`);

    writeBenchSection(
      'delivery',
      'Delivery: push, pull, latency, priority',
      `${table(
        ['measure', 'value', 'target / floor'],
        [
          [
            'receiver raw request rate (plain keep-alive loop, 64 in flight)',
            `${Math.round(floor)} req/s`,
            'floor',
          ],
          [`push deliveries/s (${pushTotal}, ${AGENCIES} agencies, 10 KB)`, Math.round(pushRate), '≥ 2,000'],
          [
            `document.routed → delivered p50 / p99 (burst of ${pushTotal})`,
            `${pct(latencies, 50)} / ${pct(latencies, 99)} ms`,
            '',
          ],
          [
            'document.routed → delivered p50 / p99 (one document at a time)',
            `${pct(idle, 50)} / ${pct(idle, 99)} ms`,
            '',
          ],
          [
            `hỏa tốc wait p50 / p99 (100) behind ${streamFlash.backlog} normal still in the event stream`,
            `${streamFlash.p50} / ${streamFlash.p99} ms`,
            '< 100 ms (p99)',
          ],
          [
            `hỏa tốc wait p50 / p99 (100) behind ${tableFlash.backlog} normal due in the delivery table`,
            `${tableFlash.p50} / ${tableFlash.p99} ms`,
            '< 100 ms (p99)',
          ],
          [`pull deliveries/s (${acked} list + fetch + ack, 16 clients)`, Math.round(pullRate), ''],
        ],
      )}\n\nOne delivery process in the same Node process as the receiver and the load; NATS and PostgreSQL shared on the machine.`,
    );
  } finally {
    await h.stop();
    await receiver.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

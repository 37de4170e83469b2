import { DeliveryHarness, eventually, startDeliveryHarness } from '../testing/delivery-harness';
import { TestReceiver } from '../testing/test-receiver';

// A slow receiver (80 ms a push) and 3 push slots, 1 of them reserved for urgent work: 150 normal
// deliveries take about 6 s to drain through the 2 normal slots.
const AGENCIES = Array.from({ length: 5 }, (_, i) => `000.00.${String(i + 10)}.U01`);
const NORMAL_DOCUMENTS = 30;

describe('urgent deliveries overtake a normal backlog', () => {
  let h: DeliveryHarness;
  const receiver = new TestReceiver();

  beforeAll(async () => {
    await receiver.start();
    receiver.answerDelayMs = 80;
    h = await startDeliveryHarness({
      DELIVERY_PUSH_CONCURRENCY: '3',
      DELIVERY_PUSH_URGENT_RESERVE: '1',
      DELIVERY_CLAIM_BATCH: '2',
      // Longer than the whole test: only the wake-up on commit can start the urgent pushes early.
      DELIVERY_POLL_INTERVAL_MS: '10000',
    });
    for (const a of AGENCIES) receiver.secrets.set(a, await h.registerEndpoint(a, receiver.url(a)));
  }, 30_000);

  afterAll(async () => {
    await h?.stop();
    await receiver.stop();
  });

  it('pushes a hỏa tốc document routed behind 150 normal deliveries before most of them', async () => {
    const blob = await h.putPackage();
    const recipients = AGENCIES.map((agencyCode) => ({ agencyCode, delivery: 'push' as const }));
    const normal: string[] = [];
    for (let i = 0; i < NORMAL_DOCUMENTS; i++) normal.push(await h.routeDocument({ recipients, blob }));
    // The backlog is queued and being pushed.
    await eventually(() => receiver.accepted.size >= 5, 15_000, 10);

    const routedAt = Date.now();
    const flash = await h.routeDocument({ recipients, blob, priority: 3 });
    const flashRows = await eventually(
      async () => {
        const rows: Array<{ id: string }> = await h.db.query(
          `SELECT id FROM delivery.delivery WHERE document_id = $1 AND state = 'delivered'`,
          [flash],
        );
        return rows.length === AGENCIES.length ? rows : null;
      },
      15_000,
      10,
    );
    const flashIds = new Set((flashRows ?? []).map((r) => r.id));
    const lastFlashAt = Math.max(
      ...receiver.pushes.filter((p) => flashIds.has(p.requestId)).map((p) => p.at),
    );
    const normalBefore = receiver.pushes.filter((p) => !flashIds.has(p.requestId) && p.at < lastFlashAt);

    // The 5 urgent pushes took the reserved slot and the next normal ones: far less than the ~6 s backlog.
    expect(lastFlashAt - routedAt).toBeLessThan(3_000);
    expect(normalBefore.length).toBeLessThan((NORMAL_DOCUMENTS * AGENCIES.length) / 2);
    // And the backlog is still delivered in full, each delivery once.
    await eventually(() => receiver.accepted.size === (NORMAL_DOCUMENTS + 1) * AGENCIES.length, 20_000);
    expect([...receiver.accepted.values()].every((n) => n === 1)).toBe(true);
    const [left] = await h.db.query(
      `SELECT count(*)::int AS n FROM delivery.delivery WHERE document_id = ANY($1) AND state <> 'delivered'`,
      [normal],
    );
    expect(left.n).toBe(0);
  }, 40_000);
});

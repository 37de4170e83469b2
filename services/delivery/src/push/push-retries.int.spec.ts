import { DeliveryHarness, eventually, startDeliveryHarness } from '../testing/delivery-harness';
import { TestReceiver } from '../testing/test-receiver';

// Small, configurable timings: base 300 ms doubling, ±20 % jitter, 400 ms push timeout.
const BASE = 300;
const FACTOR = 2;
const JITTER = 20;
const TIMEOUT = 400;

describe('push with retries (real HTTP receiver on loopback)', () => {
  let h: DeliveryHarness;
  const receiver = new TestReceiver();

  beforeAll(async () => {
    await receiver.start();
    h = await startDeliveryHarness({
      DELIVERY_RETRY_BASE_MS: String(BASE),
      DELIVERY_RETRY_FACTOR: String(FACTOR),
      DELIVERY_RETRY_JITTER_PERCENT: String(JITTER),
      DELIVERY_PUSH_TIMEOUT_MS: String(TIMEOUT),
      DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '100',
    });
  }, 30_000);

  afterAll(async () => {
    await h?.stop();
    await receiver.stop();
  });

  it('fails twice with 500, then times out, then succeeds: history and backoff as configured, one delivery', async () => {
    const agency = '000.00.11.H53';
    receiver.secrets.set(agency, await h.registerEndpoint(agency, receiver.url(agency)));
    // Pushes 1-2: HTTP 500; 3: no answer (timeout); 4 and later: 200. A late answer to push 3 would
    // arrive after its timeout, so the receiver never accepts it.
    receiver.setScript((a, n) => (n <= 2 ? 'fail' : n === 3 ? 'hang' : 'ok'));
    const documentId = await h.routeDocument({
      recipients: [{ agencyCode: agency, delivery: 'push' }],
      blob: await h.putPackage(),
    });

    const [row] = await eventually(async () => {
      const res = await h.operator('GET', `/v1/operator/deliveries?documentId=${documentId}&state=delivered`);
      return res.body.items.length ? res.body.items : null;
    }, 20_000);
    const detail = (await h.operator('GET', `/v1/operator/deliveries/${row.deliveryId}`)).body;

    expect(detail.state).toBe('delivered');
    expect(detail.attempts).toBe(4);
    const history = detail.history;
    expect(history.map((a: { errorClass: string | null }) => a.errorClass)).toEqual([
      'http-5xx',
      'http-5xx',
      'timeout',
      null,
    ]);
    expect(history.map((a: { outcome: string }) => a.outcome)).toEqual([
      'failed',
      'failed',
      'failed',
      'delivered',
    ]);
    expect(history[0].httpStatus).toBe(500);

    // Each scheduled retry is base × factor^(n-1) ± jitter after the failed attempt finished.
    for (let n = 1; n <= 3; n++) {
      const nominal = BASE * Math.pow(FACTOR, n - 1);
      const scheduled = Date.parse(history[n - 1].nextAttemptAt) - Date.parse(history[n - 1].finishedAt);
      expect(scheduled).toBeGreaterThanOrEqual(nominal * (1 - JITTER / 100) - 1);
      expect(scheduled).toBeLessThanOrEqual(nominal * (1 + JITTER / 100) + 1);
      // The next attempt really started no earlier than scheduled.
      expect(Date.parse(history[n].startedAt)).toBeGreaterThanOrEqual(
        Date.parse(history[n - 1].nextAttemptAt) - 5,
      );
    }
    const timeout = Date.parse(history[2].finishedAt) - Date.parse(history[2].startedAt);
    expect(timeout).toBeGreaterThanOrEqual(TIMEOUT - 5);

    // The receiver saw 4 pushes under one request id, signed, and accepted exactly one.
    const pushes = receiver.pushes.filter((p) => p.agency === agency);
    expect(pushes.map((p) => p.attempt)).toEqual([1, 2, 3, 4]);
    expect(new Set(pushes.map((p) => p.requestId))).toEqual(new Set([row.deliveryId]));
    expect(pushes.every((p) => p.signatureValid)).toBe(true);
    expect(receiver.accepted.get(row.deliveryId)).toBe(1);
  }, 30_000);

  it('dead-letters a delivery past its maximum age and a redelivery pushes it again', async () => {
    const agency = '000.00.12.H53';
    receiver.secrets.set(agency, await h.registerEndpoint(agency, receiver.url(agency)));
    receiver.setScript((a) => (a === agency ? 'fail' : 'ok'));
    // Maximum age is 72 h by default: age the row so that its next retry would fall past it.
    const documentId = await h.routeDocument({
      recipients: [{ agencyCode: agency, delivery: 'push' }],
      blob: await h.putPackage(),
    });
    const id = await eventually(async () => {
      const rows: Array<{ id: string; attempts: number }> = await h.db.query(
        `SELECT id, attempts FROM delivery.delivery WHERE document_id = $1 AND attempts >= 1 AND state = 'retrying'`,
        [documentId],
      );
      return rows[0]?.id;
    });
    await h.db.query(
      `UPDATE delivery.delivery SET age_from = now() - interval '73 hours', next_attempt_at = now() WHERE id = $1`,
      [id],
    );
    const dead = await eventually(async () => {
      const res = await h.operator('GET', `/v1/operator/deliveries/dead-lettered?agency=${agency}`);
      return res.body.items[0];
    });
    expect(dead.deliveryId).toBe(id);
    expect(dead.lastError).toMatch(/http-5xx/);

    receiver.setScript(() => 'ok');
    const redeliver = await h.operator('POST', '/v1/operator/deliveries/redeliver', {
      deliveryIds: [id],
      reason: 'agency fixed',
    });
    expect(redeliver.status).toBe(202);
    expect(redeliver.body.redelivered).toEqual([id]);
    await eventually(
      async () => (await h.operator('GET', `/v1/operator/deliveries/${id}`)).body.state === 'delivered',
    );
    expect(receiver.accepted.get(id)).toBe(1);
  }, 30_000);

  it('refuses the operator API without a listed bearer token (problem+json 401)', async () => {
    for (const authorization of [undefined, 'Bearer not-a-listed-token']) {
      const res = await fetch(`${h.url}/v1/operator/deliveries/dead-lettered`, {
        headers: authorization ? { authorization } : {},
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(((await res.json()) as { code: string }).code).toBe('OPERATOR_UNAUTHENTICATED');
    }
  });
});

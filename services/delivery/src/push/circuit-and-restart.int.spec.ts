import { DeliveryHarness, eventually, startDeliveryHarness } from '../testing/delivery-harness';
import { TestReceiver } from '../testing/test-receiver';

describe('one agency down, fifty up (circuit breaker)', () => {
  let h: DeliveryHarness;
  const receiver = new TestReceiver();
  // The down agency's endpoint: a port on which nothing listens (connection refused) until it comes back.
  const downReceiver = new TestReceiver();
  let downPort = 0;

  beforeAll(async () => {
    await receiver.start();
    await downReceiver.start();
    downPort = downReceiver.port;
    await downReceiver.stop();
    h = await startDeliveryHarness({
      DELIVERY_RETRY_BASE_MS: '200',
      DELIVERY_RETRY_MAX_MS: '400',
      DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '3',
      DELIVERY_CIRCUIT_OPEN_MS: '1000',
    });
  }, 30_000);

  afterAll(async () => {
    await h?.stop();
    await receiver.stop();
    await downReceiver.stop();
  });

  it('delivers to the fifty at once, opens the down agency circuit, and catches up when it is back', async () => {
    const up = Array.from({ length: 50 }, (_, i) => `000.00.${String(i).padStart(2, '0')}.H41`);
    const down = '000.00.00.H29';
    for (const agency of up)
      receiver.secrets.set(agency, await h.registerEndpoint(agency, receiver.url(agency)));
    const downSecret = await h.registerEndpoint(down, `http://127.0.0.1:${downPort}/${down}`);
    const blob = await h.putPackage();

    // Ten documents, each to the fifty and the down agency.
    const routedAt = new Map<string, number>();
    for (let i = 0; i < 10; i++) {
      const documentId = await h.routeDocument({
        recipients: [...up, down].map((agencyCode) => ({ agencyCode, delivery: 'push' as const })),
        blob,
      });
      routedAt.set(documentId, Date.now());
    }
    await eventually(() => receiver.accepted.size === 500, 20_000);
    // The others were not held up: every one of their 500 pushes arrived within seconds of routing.
    const latest = Math.max(...receiver.pushes.map((p) => p.at));
    expect(latest - Math.min(...routedAt.values())).toBeLessThan(5_000);
    expect([...receiver.accepted.values()].every((n) => n === 1)).toBe(true);

    const circuit = await eventually(async () => {
      const view = (await h.operator('GET', `/v1/operator/agencies/${down}/endpoint`)).body;
      return view.circuit.openUntil ? view.circuit : null;
    });
    expect(circuit.consecutiveFailures).toBeGreaterThanOrEqual(3);
    const pending: Array<{ n: string }> = await h.db.query(
      `SELECT count(*) AS n FROM delivery.delivery WHERE recipient_code = $1 AND state <> 'delivered'`,
      [down],
    );
    expect(Number(pending[0].n)).toBe(10);

    // Back on the same port: everything arrives, once each.
    downReceiver.secrets.set(down, downSecret);
    await downReceiver.start(downPort);
    await eventually(() => downReceiver.accepted.size === 10, 20_000);
    await eventually(async () => {
      const rows: Array<{ n: string }> = await h.db.query(
        `SELECT count(*) AS n FROM delivery.delivery WHERE recipient_code = $1 AND state = 'delivered'`,
        [down],
      );
      return Number(rows[0].n) === 10;
    });
    expect([...downReceiver.accepted.values()].every((n) => n === 1)).toBe(true);
    expect(downReceiver.pushes.every((p) => p.signatureValid)).toBe(true);
    const view = (await h.operator('GET', `/v1/operator/agencies/${down}/endpoint`)).body;
    expect(view.circuit).toEqual({ consecutiveFailures: 0, openUntil: null });
  }, 60_000);
});

describe('delivery stopped during a retry schedule and started again', () => {
  let h: DeliveryHarness;
  const receiver = new TestReceiver();

  beforeAll(async () => {
    await receiver.start();
    h = await startDeliveryHarness({
      DELIVERY_RETRY_BASE_MS: '1500',
      DELIVERY_RETRY_JITTER_PERCENT: '0',
      DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '1000',
    });
  }, 30_000);

  afterAll(async () => {
    await h?.stop();
    await receiver.stop();
  });

  it('every pending retry happens after the restart, none twice', async () => {
    const agencies = Array.from({ length: 5 }, (_, i) => `000.00.${String(i).padStart(2, '0')}.G12`);
    for (const agency of agencies)
      receiver.secrets.set(agency, await h.registerEndpoint(agency, receiver.url(agency)));
    // First push to each agency fails: every delivery is then waiting for its retry.
    receiver.setScript((agency, n) => (n === 1 ? 'fail' : 'ok'));
    const blob = await h.putPackage();
    const documentIds: string[] = [];
    for (const agency of agencies) {
      documentIds.push(
        await h.routeDocument({ recipients: [{ agencyCode: agency, delivery: 'push' }], blob }),
      );
    }
    await eventually(async () => {
      const rows: Array<{ n: string }> = await h.db.query(
        `SELECT count(*) AS n FROM delivery.delivery WHERE state = 'retrying' AND attempts = 1`,
      );
      return Number(rows[0].n) === 5;
    });
    await h.stopService();
    // Nothing is pushed while the service is down, even when retries fall due.
    const before = receiver.pushes.length;
    await new Promise((r) => setTimeout(r, 2_000));
    expect(receiver.pushes.length).toBe(before);

    await h.startService();
    await eventually(() => receiver.accepted.size === 5, 15_000);
    // Give a duplicate the chance to show up, then count.
    await new Promise((r) => setTimeout(r, 1_000));
    for (const agency of agencies) {
      const pushes = receiver.pushes.filter((p) => p.agency === agency);
      expect(pushes.map((p) => p.attempt)).toEqual([1, 2]);
    }
    expect([...receiver.accepted.values()]).toEqual([1, 1, 1, 1, 1]);
    const attempts: Array<{ n: string }> = await h.db.query(
      `SELECT count(*) AS n FROM delivery.delivery_attempt`,
    );
    expect(Number(attempts[0].n)).toBe(10);
  }, 60_000);
});

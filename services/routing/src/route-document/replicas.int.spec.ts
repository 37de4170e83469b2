import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DocumentRoutedV1, EventEnvelope } from '@lt/contracts';
import { DirectoryCache } from '../directory/directory-cache';
import { vietnamToday } from '../directory/calendar';
import { BLOB, day, documentId, RoutingHarness, startRoutingHarness } from '../test-support/routing-harness';

const MINISTRY = '000.00.00.G22';
const FIRST = '000.00.00.H41';
const SECOND = '000.00.00.H42';
const SUCCESSOR = '000.00.00.H43';
/** Enough documents that both replicas, sharing one durable consumer, route some of them. */
const DOCUMENTS = 8;

/**
 * Two routing replicas (one database, one stream, one shared consumer), each with its own directory
 * cache warmed before an operator changes the directory through the other one: no document is
 * routed on the old directory, whichever replica takes it.
 */
describe('routing replicas never route on an old directory', () => {
  let h: RoutingHarness;
  let b: INestApplication;
  const cacheOf = async (app: INestApplication) => app.get(DirectoryCache).open(app.get(DataSource));

  beforeAll(async () => {
    h = await startRoutingHarness();
    b = await h.startReplica();
    const a = (code: string) => ({
      code,
      name: `Cơ quan ${code}`,
      level: code.includes('G') ? 'central' : 'province',
      validFrom: day(-100),
    });
    const r = await h.http('POST', '/v1/operator/directory/import', {
      agencies: [a(MINISTRY), a(FIRST), a(SECOND), a(SUCCESSOR)],
    });
    expect(r.status).toBe(200);
  });
  afterAll(() => h?.stop());

  /** Sends DOCUMENTS documents to FIRST and SECOND; waits for `events` events caused by each. */
  const sendMany = async (events: number) => {
    const sent: EventEnvelope[] = [];
    for (let i = 0; i < DOCUMENTS; i++) {
      const id = documentId();
      sent.push(
        await h.publish('document.signature-verified', id, {
          documentId: id,
          senderCode: MINISTRY,
          recipientCodes: [FIRST, SECOND],
          blob: BLOB,
          header: { subject: `Công văn ${i}`, priority: 0 },
          evidence: { policy: 'required' },
        }),
      );
    }
    return Promise.all(sent.map((e) => h.causedBy(e.id, events)));
  };
  const outcome = (events: EventEnvelope[]) => ({
    routed: (events.find((e) => e.type === 'document.routed')?.data as DocumentRoutedV1 | undefined)
      ?.recipients,
    failed: events
      .filter((e) => e.type === 'document.routing-failed')
      .map((e) => e.data as { recipientCode?: string; reason: string })
      .map((d) => `${d.recipientCode} ${d.reason}`),
  });

  it('a suspension made through replica A is obeyed by replica B, whose cache was warm', async () => {
    const before = await sendMany(1); // warms both replicas' caches through real decisions
    for (const events of before) expect(outcome(events).failed).toEqual([]);
    const warmB = await cacheOf(b);
    expect(warmB.source).toBe('memory');
    expect((await warmB.viewsAsOf([FIRST], vietnamToday())).get(FIRST)?.status).toBe('active');

    const s = await h.http('POST', `/v1/operator/agencies/${FIRST}/suspend`, { reason: 'bảo trì hệ thống' });
    expect(s.status).toBe(201);

    // B's copy, taken before the change, answers with the change.
    expect((await (await cacheOf(b)).viewsAsOf([FIRST], vietnamToday())).get(FIRST)?.status).toBe(
      'suspended',
    );
    for (const events of await sendMany(2)) {
      expect(outcome(events)).toEqual({
        routed: [{ agencyCode: SECOND, delivery: 'pull' }],
        failed: [`${FIRST} RECIPIENT_SUSPENDED`],
      });
    }
    expect(b.get(DirectoryCache).stats().partialReloads).toBeGreaterThan(0);
  }, 30_000);

  it('a retirement made through replica B is obeyed by replica A: routed to the successor', async () => {
    const bUrl = await b.getUrl();
    const r = await fetch(`${bUrl}/v1/operator/agencies/${SECOND}/retire`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ validTo: day(-1), successorCode: SUCCESSOR }),
    });
    expect(r.status).toBe(201);
    for (const events of await sendMany(2)) {
      expect(outcome(events)).toEqual({
        routed: [{ agencyCode: SUCCESSOR, delivery: 'pull', addressedCode: SECOND }],
        failed: [`${FIRST} RECIPIENT_SUSPENDED`],
      });
    }
    expect(h.app.get(DirectoryCache).stats().partialReloads).toBeGreaterThan(0);
  }, 30_000);
});

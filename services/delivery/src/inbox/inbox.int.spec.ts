import { InboxFetchReply, InboxListReply } from '@lt/contracts';
import { QueryError } from '@lt/messaging';
import { DeliveryHarness, eventually, startDeliveryHarness } from '../testing/delivery-harness';

describe('pull inbox over request-reply', () => {
  let h: DeliveryHarness;
  const A = '000.00.00.H41';
  const B = '000.00.00.H29';

  beforeAll(async () => {
    h = await startDeliveryHarness({
      INBOX_VISIBILITY_TIMEOUT_MS: '800',
      INBOX_PAGE_MAX: '3',
      RECEIPT_SWEEP_INTERVAL_MS: '200',
    });
  }, 30_000);

  afterAll(async () => {
    await h?.stop();
  });

  const list = (agencyCode: string, extra: object = {}) =>
    h.queries.request<InboxListReply>('inbox.list', { agencyCode, ...extra });

  it('lists by priority with cursor paging, fetch hides, un-acked reappears, ack removes; others see nothing', async () => {
    const blob = await h.putPackage();
    const normal: string[] = [];
    for (let i = 0; i < 4; i++)
      normal.push(await h.routeDocument({ recipients: [{ agencyCode: A, delivery: 'pull' }], blob }));
    const flash = await h.routeDocument({
      recipients: [{ agencyCode: A, delivery: 'pull' }],
      blob,
      priority: 3,
    });
    await eventually(async () => {
      const page1 = await list(A);
      return page1.items.length === 3 && page1.nextCursor;
    });

    const page1 = await list(A);
    expect(page1.items[0].documentId).toBe(flash);
    const page2 = await list(A, { after: page1.nextCursor });
    // Same priority: queueing order (events are handled concurrently, so not necessarily publish order).
    const rest = [...page1.items.slice(1), ...page2.items];
    expect(rest.map((i) => i.documentId).sort()).toEqual([...normal].sort());
    const queued = rest.map((i) => Date.parse(i.queuedAt));
    expect(queued).toEqual([...queued].sort((x, y) => x - y));
    expect(page2.nextCursor).toBeUndefined();
    await expect(list(A, { limit: 4 })).rejects.toMatchObject({ code: 'INBOX_BAD_REQUEST' });

    // Another agency sees an empty inbox and cannot fetch or ack A's items.
    expect((await list(B)).items).toEqual([]);
    const first = page1.items[0];
    await expect(
      h.queries.request('inbox.fetch', { agencyCode: B, deliveryId: first.deliveryId }),
    ).rejects.toMatchObject({
      code: 'INBOX_ITEM_NOT_FOUND',
    });
    await expect(
      h.queries.request('inbox.ack', { agencyCode: B, deliveryId: first.deliveryId, outcome: 'done' }),
    ).rejects.toBeInstanceOf(QueryError);
    await expect(h.queries.request('inbox.list', {})).rejects.toMatchObject({ code: 'INBOX_BAD_REQUEST' });

    // Fetch hides the item until the visibility timeout; then it is back, fetched once.
    const fetched = await h.queries.request<InboxFetchReply>('inbox.fetch', {
      agencyCode: A,
      deliveryId: first.deliveryId,
    });
    expect(fetched.blob.sha256).toBe(blob.sha256);
    expect((await list(A)).items.map((i) => i.deliveryId)).not.toContain(first.deliveryId);
    const back = await eventually(
      async () => (await list(A)).items.find((i) => i.deliveryId === first.deliveryId),
      5_000,
    );
    expect(back?.fetchCount).toBe(1);

    // Fetch again and ack: gone for good; a repeated ack answers the same; the other outcome is refused.
    await h.queries.request('inbox.fetch', { agencyCode: A, deliveryId: first.deliveryId });
    const ack = await h.queries.request('inbox.ack', {
      agencyCode: A,
      deliveryId: first.deliveryId,
      outcome: 'done',
    });
    expect(ack).toEqual({ deliveryId: first.deliveryId, state: 'acknowledged', outcome: 'done' });
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await list(A, { limit: 3 })).items.map((i) => i.deliveryId)).not.toContain(first.deliveryId);
    await expect(
      h.queries.request('inbox.ack', { agencyCode: A, deliveryId: first.deliveryId, outcome: 'done' }),
    ).resolves.toMatchObject({ outcome: 'done' });
    await expect(
      h.queries.request('inbox.ack', { agencyCode: A, deliveryId: first.deliveryId, outcome: 'fail' }),
    ).rejects.toMatchObject({ code: 'INBOX_ITEM_ACKNOWLEDGED' });

    // Delivery state: the sender sees every recipient, the recipient itself, a stranger nothing.
    const state = await h.queries.request<{ recipients: Array<{ agencyCode: string; state: string }> }>(
      'documents.delivery-state',
      { documentId: flash, agencyCode: '000.00.00.G22' },
    );
    expect(state.recipients).toEqual([expect.objectContaining({ agencyCode: A, state: 'acknowledged' })]);
    await expect(
      h.queries.request('documents.delivery-state', { documentId: flash, agencyCode: B }),
    ).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
  }, 60_000);

  it('a status 03 from the recipient clears the receipt deadline; a silent recipient gets receipt-overdue once', async () => {
    const blob = await h.putPackage();
    const C = '000.00.11.H53';
    const documentId = await h.routeDocument({
      recipients: [
        { agencyCode: A, delivery: 'pull' },
        { agencyCode: C, delivery: 'pull' },
      ],
      blob,
    });
    await eventually(async () => (await list(C)).items.some((i) => i.documentId === documentId));
    await h.routeStatus({
      documentId,
      senderCode: A,
      statusCode: '03',
      recipient: { agencyCode: '000.00.00.G22', delivery: 'pull' },
      blob,
    });
    // The status reaches the original sender's inbox.
    await eventually(async () => (await list('000.00.00.G22', { type: 'status' })).items.length === 1);
    await h.db.query(
      `UPDATE delivery.delivery SET receipt_due_at = now() - interval '1 second' WHERE document_id = $1`,
      [documentId],
    );
    const overdue = await eventually(async () => {
      const res = await h.operator(
        'GET',
        `/v1/operator/deliveries?documentId=${documentId}&receiptOverdue=true`,
      );
      return res.body.items.length ? res.body.items : null;
    }, 10_000);
    expect(overdue.map((d: { recipientCode: string }) => d.recipientCode)).toEqual([C]);
    const a = (await h.operator('GET', `/v1/operator/deliveries?documentId=${documentId}&agency=${A}`)).body
      .items[0];
    expect(a.latestStatusCode).toBe('03');
    expect(a.receiptOverdueAt).toBeNull();
  }, 30_000);
});

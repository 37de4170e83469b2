import { DocumentHeaderSummary, DocumentRoutedV1, EventEnvelope } from '@lt/contracts';
import { laneOf } from '@lt/contracts';
import { BLOB, day, documentId, RoutingHarness, startRoutingHarness } from '../test-support/routing-harness';

const MINISTRY = '000.00.00.G22';
const OTHER_SENDER = '000.00.00.G12';
const ACTIVE = '000.00.00.H41';
const SUSPENDED = '000.00.00.H14';
const OLD = '000.00.00.H15';
const SUCCESSOR = '000.00.00.H16';
const PUSH = '000.00.00.H29';
const UNKNOWN = '000.00.00.H99';

/** Documents and statuses routed by the running service (real NATS and PostgreSQL). */
describe('routing documents and statuses', () => {
  let h: RoutingHarness;

  beforeAll(async () => {
    h = await startRoutingHarness();
    const a = (code: string, extra: Record<string, unknown> = {}) => ({
      code,
      name: `Cơ quan ${code}`,
      level: code.includes('G') ? 'central' : 'province',
      validFrom: day(-100),
      ...extra,
    });
    const r = await h.http('POST', '/v1/operator/directory/import', {
      agencies: [
        a(MINISTRY),
        a(OTHER_SENDER, { signaturePolicy: 'optional' }),
        a(ACTIVE),
        a(SUSPENDED, { status: 'suspended', reason: 'bảo trì' }),
        a(SUCCESSOR),
        a(OLD, { status: 'retired', validTo: day(-2), successorCode: SUCCESSOR }),
        a(PUSH, { delivery: { mode: 'push', endpoint: 'https://h29.example/edoc' } }),
      ],
    });
    expect(r.status).toBe(200);
  });
  afterAll(() => h?.stop());

  const send = (
    sender: string,
    recipients: string[],
    header: DocumentHeaderSummary,
    type: 'document.signature-verified' | 'document.signature-rejected' = 'document.signature-verified',
  ) => {
    const id = documentId();
    const base = { documentId: id, senderCode: sender, recipientCodes: recipients, blob: BLOB, header };
    return type === 'document.signature-verified'
      ? h.publish(type, id, { ...base, evidence: { policy: 'required' } })
      : h.publish(type, id, {
          ...base,
          reason: 'SIG_INVALID',
          detail: 'bad',
          evidence: { policy: 'optional' },
        });
  };
  const routedOf = (events: EventEnvelope[]) =>
    events.find((e) => e.type === 'document.routed')?.data as DocumentRoutedV1 | undefined;
  const failuresOf = (events: EventEnvelope[]) =>
    events
      .filter((e) => e.type === 'document.routing-failed')
      .map((e) => e.data as { recipientCode?: string; reason: string })
      .map((d) => [d.recipientCode ?? '-', d.reason])
      .sort();

  it('routes mixed recipients: valid, unknown, suspended, retired with successor; priority travels', async () => {
    const cause = await send(MINISTRY, [ACTIVE, UNKNOWN, SUSPENDED, OLD, PUSH], {
      senderDocumentId: 'G22,2026/01/01,1/VPCP',
      priority: 3,
    });
    const events = await h.causedBy(cause.id, 3);
    const routed = routedOf(events)!;
    expect(routed.priority).toBe(3);
    expect(routed.recipients).toEqual([
      { agencyCode: ACTIVE, delivery: 'pull' },
      { agencyCode: SUCCESSOR, delivery: 'pull', addressedCode: OLD },
      { agencyCode: PUSH, delivery: 'push' },
    ]);
    expect(failuresOf(events)).toEqual(
      [
        [UNKNOWN, 'RECIPIENT_UNKNOWN'],
        [SUSPENDED, 'RECIPIENT_SUSPENDED'],
      ].sort(),
    );
  });

  it('refuses a sender that is not registered or not active', async () => {
    const unknown = await send(UNKNOWN, [ACTIVE], { senderDocumentId: 'x1' });
    expect(failuresOf(await h.causedBy(unknown.id, 1))).toEqual([['-', 'SENDER_NOT_REGISTERED']]);
    const suspended = await send(SUSPENDED, [ACTIVE], { senderDocumentId: 'x2' });
    const events = await h.causedBy(suspended.id, 1);
    expect(failuresOf(events)).toEqual([['-', 'SENDER_SUSPENDED']]);
    expect(routedOf(events)).toBeUndefined();
  });

  it('routes a rejected signature only when the sender’s policy is optional', async () => {
    const optional = await send(
      OTHER_SENDER,
      [ACTIVE],
      { senderDocumentId: 'o1' },
      'document.signature-rejected',
    );
    expect(routedOf(await h.causedBy(optional.id, 1))?.recipients).toEqual([
      { agencyCode: ACTIVE, delivery: 'pull' },
    ]);
    const required = await send(
      MINISTRY,
      [ACTIVE],
      { senderDocumentId: 'r1' },
      'document.signature-rejected',
    );
    expect(failuresOf(await h.causedBy(required.id, 1))).toEqual([['-', 'SIGNATURE_REJECTED']]);
  });

  describe('revocation, update and replacement', () => {
    const original = 'G22,2026/02/01,7/VPCP';
    beforeAll(async () => {
      const cause = await send(MINISTRY, [ACTIVE, PUSH], { senderDocumentId: original });
      await h.causedBy(cause.id, 1);
    });

    it('routes a revocation to the earlier document’s recipients', async () => {
      const cause = await send(MINISTRY, [], {
        senderDocumentId: 'rev-1',
        businessType: 1,
        targetDocumentId: original,
      });
      const routed = routedOf(await h.causedBy(cause.id, 1))!;
      expect(routed.recipients.map((r) => r.agencyCode)).toEqual([ACTIVE, PUSH]);
      expect(routed).toMatchObject({ businessType: 1, target: { senderDocumentId: original } });
    });

    it('routes an update to the recipients as its ReceiverList amends them', async () => {
      const cause = await send(MINISTRY, [], {
        senderDocumentId: 'upd-1',
        businessType: 2,
        targetDocumentId: original,
        receiverChanges: [
          { organId: PUSH, change: 'removed' },
          { organId: OLD, change: 'added' },
        ],
      });
      const routed = routedOf(await h.causedBy(cause.id, 1))!;
      expect(routed.recipients).toEqual([
        { agencyCode: ACTIVE, delivery: 'pull' },
        { agencyCode: SUCCESSOR, delivery: 'pull', addressedCode: OLD },
      ]);
    });

    it('routes a replacement to the agencies it lists', async () => {
      const cause = await send(MINISTRY, [], {
        senderDocumentId: 'rep-1',
        businessType: 3,
        targetDocumentId: original,
        replacements: [{ documentId: original, organIds: [PUSH] }],
      });
      expect(routedOf(await h.causedBy(cause.id, 1))!.recipients).toEqual([
        { agencyCode: PUSH, delivery: 'push' },
      ]);
    });

    it.each([1, 2, 3])(
      'refuses type %i about an unknown document or another agency’s document',
      async (type) => {
        const unknown = await send(MINISTRY, [], {
          senderDocumentId: `u-${type}`,
          businessType: type,
          targetDocumentId: 'never-sent',
        });
        expect(failuresOf(await h.causedBy(unknown.id, 1))).toEqual([['-', 'TARGET_DOCUMENT_UNKNOWN']]);
        const foreign = await send(OTHER_SENDER, [], {
          senderDocumentId: `f-${type}`,
          businessType: type,
          targetDocumentId: original,
        });
        expect(failuresOf(await h.causedBy(foreign.id, 1))).toEqual([['-', 'TARGET_DOCUMENT_NOT_OWNED']]);
      },
    );
  });

  describe('statuses', () => {
    const docId = 'G22,2026/03/01,9/VPCP';
    let hubDocumentId: string;
    beforeAll(async () => {
      const cause = await send(MINISTRY, [ACTIVE, OLD], { senderDocumentId: docId });
      hubDocumentId = routedOf(await h.causedBy(cause.id, 1))!.documentId;
    });
    const status = (from: string, code: string, organId = MINISTRY, documentIdOf = docId) => {
      const statusId = documentId();
      return h.publish('status.submitted', statusId, {
        statusId,
        senderCode: from,
        responseFor: { organId, documentId: documentIdOf },
        statusCode: code,
        blob: BLOB,
      });
    };

    it('routes a recipient’s status to the sender, and a recall (13) to every recipient', async () => {
      const accepted = await status(SUCCESSOR, '03');
      const [routed] = await h.causedBy(accepted.id, 1);
      expect(routed).toMatchObject({
        type: 'status.routed',
        correlationId: hubDocumentId,
        data: {
          documentId: hubDocumentId,
          statusCode: '03',
          recipient: { agencyCode: MINISTRY, delivery: 'pull' },
        },
      });
      const recall = await status(MINISTRY, '13');
      const events = await h.causedBy(recall.id, 2);
      expect(
        events.map((e) => (e.data as { recipient: { agencyCode: string } }).recipient.agencyCode).sort(),
      ).toEqual([ACTIVE, SUCCESSOR].sort());
    });

    it('sends statuses about a hỏa tốc document at its priority (urgent lane)', async () => {
      const flashId = 'G22,2026/03/02,10/VPCP';
      const cause = await send(MINISTRY, [ACTIVE], { senderDocumentId: flashId, priority: 3 });
      await h.causedBy(cause.id, 1);
      const accepted = await status(ACTIVE, '03', MINISTRY, flashId);
      const [routed] = await h.causedBy(accepted.id, 1);
      expect(routed).toMatchObject({ type: 'status.routed', data: { statusCode: '03', priority: 3 } });
      expect(laneOf(routed)).toBe('urgent');
    });

    it('refuses a status from a non-recipient, a recall from a non-sender, and an unknown document', async () => {
      const cases: Array<[Promise<EventEnvelope>, string]> = [
        [status(PUSH, '03'), 'NOT_A_RECIPIENT'],
        [status(ACTIVE, '13'), 'NOT_THE_SENDER'],
        [status(ACTIVE, '03', MINISTRY, 'no-such-document'), 'DOCUMENT_UNKNOWN'],
      ];
      for (const [sent, reason] of cases) {
        const [failed] = await h.causedBy((await sent).id, 1);
        expect(failed).toMatchObject({ type: 'status.routing-failed', data: { reason } });
      }
    });
  });
});

import { createEvent, createFollowUpEvent, EventEnvelope, EventType } from '@lt/contracts';
import { randomUUID } from 'node:crypto';

export const SENDER = '000.00.00.G22';
export const RECIPIENTS = ['000.00.00.H29', '000.00.00.H41', '000.00.11.H53'] as const;
export const [A, B, C] = RECIPIENTS;
export const STRANGER = '000.00.00.G12';

const blob = (n: string) => ({ sha256: n.padEnd(64, '0'), ref: n.padEnd(64, '0'), size: 1234 });

/**
 * Events as the other services publish them for one document to three recipients: A goes through every
 * status (with one out of order and one after completion), B's delivery fails until dead-lettered,
 * is redelivered, then B refuses the document; the sender recalls it and C first refuses, then agrees.
 * A stranger sends a status too, and a later update document refers to the first.
 */
export function documentStory(
  documentId = randomUUID(),
  senderDocumentId = `${SENDER},2025/01/02,${Math.floor(Math.random() * 1e6)}/VPCP-TTĐT`,
) {
  const events: EventEnvelope[] = [];
  const t0 = Date.parse('2025-01-02T01:00:00Z');
  let tick = 0;
  const at = () => new Date(t0 + ++tick * 60_000);
  const submitted = createEvent({
    type: 'document.submitted',
    aggregate: { type: 'document', id: documentId },
    correlationId: documentId,
    actor: SENDER,
    occurredAt: at(),
    data: {
      documentId,
      senderCode: SENDER,
      recipientCodes: [...RECIPIENTS],
      blob: blob('ab'),
      header: {
        senderDocumentId,
        businessType: 0,
        codeNumber: '7816',
        codeNotation: 'VPCP-TTĐT',
        subject: 'Về việc triển khai hỏa tốc Nghị định 30/2020/NĐ-CP',
        promulgationDate: '2025/01/02',
        priority: 3,
        documentType: 'Công văn',
      },
      request: { via: 'test' },
    },
  });
  events.push(submitted);
  const follow = <T extends EventType>(
    type: T,
    data: unknown,
    discriminator = '',
    aggregateType: 'document' | 'delivery' | 'status' = 'document',
  ) =>
    createFollowUpEvent(submitted, {
      type,
      aggregate: { type: aggregateType, id: documentId },
      actor: type.split('.')[0],
      discriminator,
      occurredAt: at(),
      data: data as never,
    });
  events.push(
    follow('document.signature-verified', {
      documentId,
      senderCode: SENDER,
      recipientCodes: [...RECIPIENTS],
      blob: blob('ab'),
      header: {},
      evidence: {
        policy: 'required',
        signatureElement: 'xmldsig',
        signatureAlgorithm: 'rsa-sha256',
        boundAgencyCode: SENDER,
      },
    }),
    follow('document.routed', {
      documentId,
      senderCode: SENDER,
      priority: 3,
      blob: blob('ab'),
      recipients: RECIPIENTS.map((agencyCode) => ({
        agencyCode,
        delivery: agencyCode === B ? 'push' : 'pull',
      })),
    }),
  );
  const delivery = (type: EventType, code: string, extra: Record<string, unknown>, d = '') =>
    follow(
      type,
      { deliveryId: `del-${code}`, documentId, recipientCode: code, ...extra },
      `${code}${d}`,
      'delivery',
    );
  for (const code of RECIPIENTS)
    events.push(delivery('delivery.queued', code, { mode: code === B ? 'push' : 'pull', priority: 3 }));
  events.push(
    delivery('delivery.delivered', A, { mode: 'pull', attempt: 1 }),
    delivery('delivery.delivered', C, { mode: 'pull', attempt: 1 }),
    delivery(
      'delivery.attempt-failed',
      B,
      { attempt: 1, errorClass: 'timeout', error: 'no answer in 10 s' },
      '1',
    ),
    delivery('delivery.attempt-failed', B, { attempt: 2, errorClass: 'http-5xx', error: 'HTTP 503' }, '2'),
    delivery('delivery.dead-lettered', B, { attempts: 2, lastError: 'HTTP 503' }),
    delivery('delivery.redelivery-requested', B, { requestedBy: 'operator' }),
    delivery('delivery.delivered', B, { mode: 'push', attempt: 3 }),
  );
  const status = (from: string, code: string, extra: Record<string, unknown> = {}) => {
    const statusId = randomUUID();
    return createEvent({
      type: 'status.submitted',
      aggregate: { type: 'status', id: statusId },
      correlationId: statusId,
      actor: from,
      occurredAt: at(),
      data: {
        statusId,
        senderCode: from,
        responseFor: { organId: SENDER, documentId: senderDocumentId },
        statusCode: code,
        blob: blob('cd'),
        ...extra,
      },
    });
  };
  events.push(
    status(A, '01'),
    status(B, '01'),
    status(C, '01'),
    status(A, '03'),
    status(A, '05'),
    status(A, '04'), // out of order: 04 after 05
    status(B, '02'), // B refuses
    status(C, '03'),
    status(A, '06'),
    status(A, '03'), // after completion
    status(STRANGER, '03'), // not a recipient
    status(SENDER, '13'), // recall
    status(C, '16'),
    status(C, '14', { statusCode: '15', normalisedFrom: '14' }),
  );
  return { documentId, senderDocumentId, events };
}

/** An update (business type 2) of `target`, sent two days ago to A, who never confirms receipt. */
export function updateStory(target: { senderDocumentId: string }, documentId = randomUUID()) {
  const t = Date.now() - 2 * 86_400_000;
  const submitted = createEvent({
    type: 'document.submitted',
    aggregate: { type: 'document', id: documentId },
    correlationId: documentId,
    actor: SENDER,
    occurredAt: new Date(t),
    data: {
      documentId,
      senderCode: SENDER,
      recipientCodes: [A],
      blob: blob('ef'),
      header: {
        senderDocumentId: `${target.senderDocumentId}-u`,
        businessType: 2,
        targetDocumentId: target.senderDocumentId,
        subject: 'Cập nhật công văn',
        codeNotation: 'VPCP-TTĐT',
        priority: 0,
        documentType: 'Công văn',
      },
    },
  });
  const routed = createFollowUpEvent(submitted, {
    type: 'document.routed',
    aggregate: { type: 'document', id: documentId },
    actor: 'routing',
    occurredAt: new Date(t + 1000),
    data: {
      documentId,
      senderCode: SENDER,
      priority: 0,
      blob: blob('ef'),
      recipients: [{ agencyCode: A, delivery: 'pull' }],
    },
  });
  const delivered = createFollowUpEvent(routed, {
    type: 'delivery.delivered',
    aggregate: { type: 'delivery', id: documentId },
    actor: 'delivery',
    occurredAt: new Date(t + 2000),
    data: { deliveryId: `del2-${A}`, documentId, recipientCode: A, mode: 'pull', attempt: 1 },
  });
  return { documentId, events: [submitted, routed, delivered] };
}

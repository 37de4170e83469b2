import { Client } from 'pg';
import { jetstream } from '@nats-io/jetstream';
import {
  AuditTestStack,
  eventually,
  OPERATOR_TOKEN,
  projectionCaughtUp,
  startAuditTestStack,
} from '../test-support/audit-test-stack';
import { A, B, C, documentStory, SENDER, STRANGER, updateStory } from '../test-support/document-story';
import { DocumentLifecycle } from './lifecycle';
import { verifyBundle } from '../evidence/evidence-signer';
import { CheckpointRecorder } from '../checkpoints/checkpoint-recorder';

describe('document lifecycles built from real events through NATS', () => {
  let stack: AuditTestStack;
  const story = documentStory();
  const update = updateStory(story);
  const total = story.events.length + update.events.length;

  const logCount = async () => {
    const c = new Client({ connectionString: stack.db.url });
    await c.connect();
    try {
      const [r] = (await c.query('SELECT count(*)::int AS n FROM audit.event_log')).rows;
      return r.n as number;
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    stack = await startAuditTestStack();
    for (const e of [...story.events, ...update.events]) await stack.publisher.publish(e);
    await projectionCaughtUp(stack, total);
  }, 60_000);
  afterAll(() => stack?.stop());

  it('shows the whole lifecycle of a document with three recipients', async () => {
    const r = await stack.get(`/v1/audit/documents/${story.documentId}/lifecycle`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as {
      summary: DocumentLifecycle['summary'];
      lifecycle: DocumentLifecycle;
      overdueReceipts: unknown[];
    };
    const doc = body.lifecycle;
    expect(body.summary).toMatchObject({
      recipients: 3,
      completed: 1,
      refused: 1,
      recalled: 1,
      overall: 'closed',
      text: '1 of 3 recipients completed',
    });
    expect(doc.submitted).toMatchObject({
      senderCode: SENDER,
      blob: { sha256: expect.stringMatching(/^ab0+$/) },
    });
    expect(doc.signature).toMatchObject({
      verdict: 'verified',
      evidence: { policy: 'required', boundAgencyCode: SENDER },
    });
    const codes = (code: string) =>
      doc.recipients[code].statuses.map((s) => `${s.code}${s.flag ? `:${s.flag}` : ''}`);
    expect(codes(A)).toEqual(['01', '03', '05', '04:OUT_OF_ORDER', '06', '03:AFTER_COMPLETION']);
    expect(doc.recipients[A]).toMatchObject({
      currentStatus: '06',
      deliveryState: 'delivered',
      routedAt: expect.any(String),
    });
    expect(codes(B)).toEqual(['01', '02']);
    expect(doc.recipients[B].attempts.map((a) => a.outcome)).toEqual(['failed', 'failed', 'delivered']);
    expect(doc.recipients[B]).toMatchObject({
      deadLetteredAt: expect.any(String),
      deliveryState: 'delivered',
      refusedAt: expect.any(String),
    });
    expect(codes(C)).toEqual(['01', '03', '16', '15']);
    expect(doc.recipients[C].statuses[3].normalisedFrom).toBe('14');
    expect(doc.recipients[C].recall).toBe('agreed');
    expect(doc.recallRequests).toEqual([expect.objectContaining({ from: SENDER })]);
    expect(doc.recallRequests[0].flag).toBeUndefined();
    expect(doc.strayStatuses).toEqual([expect.objectContaining({ from: STRANGER, flag: 'NOT_A_RECIPIENT' })]);
    expect(doc.relations).toEqual([
      expect.objectContaining({ kind: 'updated-by', documentId: update.documentId }),
    ]);
    expect(body.overdueReceipts).toEqual([]);
  });

  it('flags the update whose recipient has not confirmed receipt in time, and links it to the original', async () => {
    const r = await stack.get(`/v1/audit/documents/${update.documentId}/lifecycle`);
    const body = (await r.json()) as {
      lifecycle: DocumentLifecycle;
      overdueReceipts: Array<{ agencyCode: string }>;
    };
    expect(body.lifecycle.relations).toEqual([
      expect.objectContaining({ kind: 'updates', documentId: story.documentId }),
    ]);
    expect(body.overdueReceipts.map((o) => o.agencyCode)).toEqual([A]);
  });

  it('finds the lifecycle and history by the sender DocumentId too', async () => {
    const ref = encodeURIComponent(story.senderDocumentId);
    const r = await stack.get(`/v1/audit/documents/${ref}/lifecycle?sender=${SENDER}`);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { documentId: string }).documentId).toBe(story.documentId);
    const h = await stack.get(`/v1/audit/documents/${ref}/events`);
    const history = (await h.json()) as {
      documentId: string;
      events: Array<{ type: string; position: number }>;
    };
    expect(history.documentId).toBe(story.documentId);
    expect(history.events[0].type).toBe('document.submitted');
    const res = await stack.get(`/v1/audit/documents/${story.documentId}/events?format=csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: spreadsheets read UTF-8
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('position,eventId,streamSequence,type,occurredAt,actor,traceId,hash');
    expect(lines.filter(Boolean)).toHaveLength(history.events.length + 1);
  });

  it('searches by sender, recipient, status, notation, priority, dates and subject words with or without diacritics', async () => {
    const ids = async (q: string) =>
      (
        (await (await stack.get(`/v1/audit/documents?${q}`)).json()) as {
          items: Array<{ documentId: string }>;
        }
      ).items.map((i) => i.documentId);
    expect(await ids('q=hoa%20toc')).toEqual([story.documentId]);
    expect(await ids(`q=${encodeURIComponent('hỏa tốc nghị định')}`)).toEqual([story.documentId]);
    expect(await ids(`q=${encodeURIComponent('cập nhật')}`)).toEqual([update.documentId]);
    expect(await ids(`recipient=${C}`)).toEqual([story.documentId]);
    expect((await ids(`recipient=${A}`)).sort()).toEqual([story.documentId, update.documentId].sort());
    expect(await ids('status=06')).toEqual([story.documentId]);
    expect(await ids('priority=3')).toEqual([story.documentId]);
    expect(await ids('from=2025-01-01&to=2025-01-03')).toEqual([story.documentId]);
    expect((await ids(`sender=${SENDER}&codeNotation=vpcp-ttđt`)).length).toBe(2);
    expect(await ids(`sender=${STRANGER}`)).toEqual([]);
    const first = (await (await stack.get('/v1/audit/documents?limit=1')).json()) as {
      items: Array<{ documentId: string }>;
      nextCursor: string;
    };
    expect(first.items).toHaveLength(1);
    const second = (await (
      await stack.get(`/v1/audit/documents?limit=1&cursor=${first.nextCursor}`)
    ).json()) as { items: Array<{ documentId: string }>; nextCursor: string | null };
    expect([first.items[0].documentId, second.items[0].documentId]).toEqual([
      update.documentId,
      story.documentId,
    ]);
    expect(second.nextCursor).toBeNull();
    expect((await stack.get('/v1/audit/documents?limit=1001')).status).toBe(400);
    const csv = await (await stack.get('/v1/audit/documents?format=csv')).text();
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it('reports an agency: received, medians, overdue', async () => {
    const r = await stack.get(`/v1/audit/reports/agencies/${A}?period=month`);
    const body = (await r.json()) as { periods: Array<Record<string, number | string | null>> };
    const jan = body.periods.find((p) => p.period === '2025-01-01');
    expect(jan).toMatchObject({ received: 1, confirmedReceipt: 1, completed: 1, overdueReceipts: 0 });
    expect(jan?.medianSecondsToReceipt).toBeGreaterThan(0);
    expect(jan?.medianSecondsToCompletion).toBeGreaterThan(jan?.medianSecondsToReceipt as number);
    expect(body.periods.reduce((n, p) => n + Number(p.overdueReceipts), 0)).toBe(1);
    const sender = (await (await stack.get(`/v1/audit/reports/agencies/${SENDER}`)).json()) as {
      periods: Array<{ sent: number }>;
    };
    expect(sender.periods.reduce((n, p) => n + p.sent, 0)).toBe(2);
  });

  it('exports a signed evidence bundle that verifies, and fails verification once altered', async () => {
    const r = await stack.get(`/v1/audit/documents/${story.documentId}/evidence`);
    expect(r.status).toBe(200);
    const { bundle, signature } = (await r.json()) as {
      bundle: Record<string, unknown> & { chain: { verified: { intact: boolean } }; events: unknown[] };
      signature: Parameters<typeof verifyBundle>[1];
    };
    expect(bundle.chain.verified.intact).toBe(true);
    expect(bundle.events.length).toBeGreaterThan(5);
    expect(verifyBundle(bundle, signature)).toBe(true);
    expect(verifyBundle({ ...bundle, documentId: 'other' }, signature)).toBe(false);
  });

  it('records checkpoints, publishes them, and the chain verifies against them', async () => {
    const checkpoint = await stack.app.get(CheckpointRecorder).record();
    expect(checkpoint?.position).toBeGreaterThanOrEqual(total);
    expect(await stack.app.get(CheckpointRecorder).record()).toBeNull();
    await eventually(async () => ((await logCount()) === total + 1 ? true : undefined));
    const report = (await (await stack.get('/v1/audit/integrity')).json()) as {
      intact: boolean;
      checkpointsChecked: number;
      rowsChecked: number;
    };
    expect(report).toMatchObject({ intact: true, checkpointsChecked: 1, rowsChecked: total + 1 });
    // Only checkpoint events since: no new checkpoint.
    expect(await stack.app.get(CheckpointRecorder).record()).toBeNull();
  });

  it('rebuilds the projections from the log and proves them identical to the live ones', async () => {
    const start = await fetch(`${stack.url}/v1/audit/operator/rebuild`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    expect(start.status).toBe(202);
    const { jobId } = (await start.json()) as { jobId: string };
    const job = await eventually(async () => {
      const j = (await (await stack.get(`/v1/audit/operator/rebuild/${jobId}`, OPERATOR_TOKEN)).json()) as {
        state: string;
        result: { identical: boolean; live: { documents: number }; events: number };
      };
      return j.state === 'running' ? undefined : j;
    });
    expect(job.state).toBe('done');
    expect(job.result.identical).toBe(true);
    expect(job.result.live.documents).toBe(2);
    // The swapped-in tables serve queries.
    expect((await stack.get(`/v1/audit/documents/${story.documentId}/lifecycle`)).status).toBe(200);
  });

  it('keeps the log unchanged when events are delivered twice', async () => {
    const before = await logCount();
    const js = jetstream(stack.nc);
    // Published again without Nats-Msg-Id: the stream keeps both copies; the log must not.
    for (const e of story.events.slice(0, 5))
      await js.publish(stack.messaging.subjects.event(e.type, e.aggregate.id), JSON.stringify(e));
    await stack.publisher.publish(update.events[0]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await logCount()).toBe(before);
  });
});

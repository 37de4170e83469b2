import { randomUUID } from 'node:crypto';
import { buildStatusPackage, StatusCode } from '@lt/edxml';
import { buildEdxmlPackage } from '@lt/testing';
import { AgencyClient } from '@lt/service-intake';
import { agencyClient, operatorEnv } from './support/agency-access';
import { HubStack, startHubStack } from './support/hub-stack';

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('not reached in time');
    await new Promise((r) => setTimeout(r, 150));
  }
}

interface InboxItem {
  deliveryId: string;
  type: 'edoc' | 'status';
  documentId: string;
  statusId?: string;
  senderCode: string;
}

const MINISTRY = '000.00.00.G22';
const PROVINCE = '000.00.00.H41';
const STRANGER = '000.00.00.H29';

/** A status package from `from` about the sender's document `documentId`. */
function statusPackage(from: string, sender: string, documentId: string, code: StatusCode): Buffer {
  return buildStatusPackage({
    header: {
      from: { organId: from, organName: `Cơ quan ${from}` },
      responseFor: { organId: sender, documentId, code: '7816/VPCP-TTĐT', promulgationDate: '2025/09/30' },
      statusCode: code,
      description: code === StatusCode.Arrived ? 'Đã đến' : 'Đã tiếp nhận',
      timestamp: '2025/10/01 08:30:00',
      staffInfo: { department: 'Văn thư', staff: 'Nguyễn Văn A' },
    },
  });
}

describe('an agency round trip through the real stack (submit, inbox, download, ack, statuses)', () => {
  let stack: HubStack;
  let ministry: AgencyClient;
  let province: AgencyClient;
  let stranger: AgencyClient;

  beforeAll(async () => {
    stack = await startHubStack(operatorEnv());
    ministry = await agencyClient(stack.intakeUrl, MINISTRY);
    province = await agencyClient(stack.intakeUrl, PROVINCE);
    stranger = await agencyClient(stack.intakeUrl, STRANGER);
  });
  afterAll(() => stack?.stop());

  async function waitForInbox(
    client: AgencyClient,
    type: 'edoc' | 'status',
    match: (i: InboxItem) => boolean,
    n = 1,
  ) {
    return eventually(async () => {
      const r = await client.request('GET', `/v1/inbox?type=${type}`);
      expect(r.status).toBe(200);
      const items = ((await r.json()) as { items: InboxItem[] }).items.filter(match);
      return items.length >= n ? items : undefined;
    });
  }

  it('native API: A submits to B; B downloads, acks, reports 01 then 03; A sees both', async () => {
    const senderDocumentId = `${MINISTRY},2025/09/30,${randomUUID()}`;
    const bytes = Buffer.from(
      buildEdxmlPackage({ fromCode: MINISTRY, toCodes: [PROVINCE], documentId: senderDocumentId }),
    );
    const submitted = await ministry.request('POST', '/v1/documents', {
      body: bytes,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(submitted.status).toBe(202);
    const { documentId } = (await submitted.json()) as { documentId: string };

    const [item] = await waitForInbox(province, 'edoc', (i) => i.documentId === documentId);
    expect(item.senderCode).toBe(MINISTRY);
    // Another agency can neither download nor acknowledge B's item.
    expect((await stranger.request('GET', `/v1/inbox/${item.deliveryId}/package`)).status).toBe(404);
    expect(
      (await stranger.request('POST', `/v1/inbox/${item.deliveryId}/ack`, { body: { outcome: 'done' } }))
        .status,
    ).toBe(404);
    expect((await stranger.request('GET', `/v1/documents/${documentId}`)).status).toBe(404);

    const download = await province.request('GET', `/v1/inbox/${item.deliveryId}/package`);
    if (download.status !== 200) throw new Error(await download.text());
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    const ack = await province.request('POST', `/v1/inbox/${item.deliveryId}/ack`, {
      body: { outcome: 'done' },
    });
    expect(ack.status).toBe(200);
    expect(await ack.json()).toMatchObject({ deliveryId: item.deliveryId, outcome: 'done' });

    for (const code of [StatusCode.Arrived, StatusCode.Accepted]) {
      const r = await province.request('POST', '/v1/statuses', {
        body: statusPackage(PROVINCE, MINISTRY, senderDocumentId, code),
      });
      expect(r.status).toBe(202);
    }
    const statuses = await waitForInbox(ministry, 'status', (i) => i.documentId === documentId, 2);
    expect(statuses.map((s) => s.senderCode)).toEqual([PROVINCE, PROVINCE]);
    for (const s of statuses) {
      const pkg = await ministry.request('GET', `/v1/inbox/${s.deliveryId}/package`);
      expect(pkg.status).toBe(200);
      expect(await pkg.text()).toMatch(/StatusCode>0[13]</);
      expect(
        (await ministry.request('POST', `/v1/inbox/${s.deliveryId}/ack`, { body: { outcome: 'done' } }))
          .status,
      ).toBe(200);
    }

    const state = await eventually(async () => {
      const r = await ministry.request('GET', `/v1/documents/${documentId}`);
      const body = (await r.json()) as {
        recipients: Array<{ agencyCode: string; latestStatusCode?: string; acknowledgedAt?: string }>;
      };
      const b = body.recipients.find((x) => x.agencyCode === PROVINCE);
      return b?.latestStatusCode === '03' ? b : undefined;
    });
    expect(state.acknowledgedAt).toBeDefined();
  });

  it('compatibility facade: the same round trip with sendEdoc, getReceivedEdocList, getEdoc, updateStatus', async () => {
    const senderDocumentId = `${MINISTRY},2025/09/30,${randomUUID()}`;
    const bytes = Buffer.from(
      buildEdxmlPackage({ fromCode: MINISTRY, toCodes: [PROVINCE], documentId: senderDocumentId }),
    );
    const sent = (await (
      await ministry.vxp('sendEdoc', {
        body: bytes,
        headers: { from: MINISTRY, to: PROVINCE, servicetype: 'eDoc', messagetype: 'edoc' },
      })
    ).json()) as {
      status: string;
      data: { DocId: string };
    };
    expect(sent.status).toBe('OK');
    const documentId = sent.data.DocId;

    const received = await eventually(async () => {
      const answer = (await (
        await province.vxp('getReceivedEdocList', { headers: { messagetype: 'edoc' } })
      ).json()) as { status: string; data: Array<{ DocId: string; DocumentId: string }> };
      if (answer.status !== 'OK') throw new Error(JSON.stringify(answer));
      return answer.data.find((d) => d.DocumentId === documentId);
    });
    const count = (await (
      await province.vxp('countReceiveEdoc', { headers: { messagetype: 'edoc' } })
    ).json()) as { data: { total: number } };
    expect(count.data.total).toBeGreaterThanOrEqual(1);
    const edoc = (await (await province.vxp('getEdoc', { headers: { docid: received.DocId } })).json()) as {
      status: string;
      data: { content: string };
    };
    expect(edoc.status).toBe('OK');
    expect(Buffer.from(edoc.data.content, 'base64').equals(bytes)).toBe(true);
    const updated = (await (
      await province.vxp('updateStatus', { headers: { docid: received.DocId, status: 'done' } })
    ).json()) as { status: string };
    expect(updated.status).toBe('OK');

    for (const code of [StatusCode.Arrived, StatusCode.Accepted]) {
      const r = (await (
        await province.vxp('sendEdoc', {
          body: statusPackage(PROVINCE, MINISTRY, senderDocumentId, code),
          headers: { messagetype: 'status' },
        })
      ).json()) as { status: string };
      expect(r.status).toBe('OK');
    }
    const statuses = await eventually(async () => {
      const answer = (await (
        await ministry.vxp('getReceivedEdocList', { headers: { messagetype: 'status' } })
      ).json()) as { data: Array<{ DocId: string; DocumentId: string }> };
      const mine = answer.data.filter((d) => d.DocumentId === documentId);
      return mine.length >= 2 ? mine : undefined;
    });
    expect(statuses).toHaveLength(2);
    const sentList = (await (await ministry.vxp('getSentEdocList')).json()) as {
      data: Array<{ DocId: string }>;
    };
    expect(sentList.data.map((d) => d.DocId)).toContain(documentId);

    // The facade's error shape: impersonation is 19, a wrong signature 15.
    const impostor = (await (await stranger.vxp('sendEdoc', { body: bytes })).json()) as {
      status: string;
      ErrorCode: number;
    };
    expect(impostor).toMatchObject({ status: 'FAIL', ErrorCode: 19 });
    const forged = new AgencyClient(stack.intakeUrl, {
      systemId: province.credentials.systemId,
      secret: 'not-the-secret-at-all-000000',
    });
    expect(await (await forged.vxp('getReceivedEdocList')).json()).toMatchObject({
      status: 'FAIL',
      ErrorCode: 15,
    });
  });
});

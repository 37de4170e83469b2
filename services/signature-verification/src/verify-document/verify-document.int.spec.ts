import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { createEvent, EventEnvelope } from '@lt/contracts';
import { JetStreamObjectBlobStore } from '@lt/blobs';
import { EventPublisher, NATS_CONNECTION } from '@lt/messaging';
import {
  buildEdxmlPackage,
  createTestDatabase,
  createTestPki,
  deleteTestStreams,
  isolatedMessagingOptions,
  readStreamEvents,
  signEdxmlPackage,
  TestDatabase,
  TestPki,
  TEST_AGENCY,
} from '@lt/testing';
import { loadSignatureVerificationConfig } from '../signature-verification.config';
import { startSignatureVerification } from '../start-signature-verification';

type Verdict = EventEnvelope & {
  data: { documentId: string; reason?: string; evidence: Record<string, unknown> };
};

describe('signature-verification service (real NATS, PostgreSQL and test PKI)', () => {
  const opts = isolatedMessagingOptions('sigsvc');
  let db: TestDatabase;
  let pki: TestPki;
  let nc: NatsConnection;
  let publisher: EventPublisher;
  let blobs: JetStreamObjectBlobStore;
  let env: NodeJS.ProcessEnv;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    [db, pki] = await Promise.all([createTestDatabase('sigsvc'), createTestPki()]);
    const dir = mkdtempSync(join(tmpdir(), 'lt-anchors-'));
    writeFileSync(join(dir, 'root.pem'), pki.trustAnchorsPem);
    env = {
      DATABASE_URL: db.url,
      LT_SUBJECT_PREFIX: opts.subjects.prefix,
      LT_STREAM: opts.streamName,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LOG_LEVEL: 'error',
      TRUST_ANCHORS_PATH: dir,
      SIGNATURE_POLICY_DEFAULT: 'required',
      LT_ACK_WAIT_SECONDS: '2',
    };
    nc = await connect({ servers: opts.natsUrl });
    publisher = new EventPublisher(jetstream(nc), opts);
    blobs = new JetStreamObjectBlobStore(nc, { bucket: `${opts.streamName}_BLOBS` });
    app = await startSignatureVerification(loadSignatureVerificationConfig(env));
  });

  afterAll(async () => {
    await app?.close();
    await nc.close();
    await pki.close();
    await db.drop();
    await deleteTestStreams(opts);
  });

  async function submit(xml: string | Buffer, documentId: string, senderCode: string = TEST_AGENCY.sender) {
    const blob = await blobs.put(Buffer.from(xml));
    await publisher.publish(
      createEvent({
        type: 'document.submitted',
        aggregate: { type: 'document', id: documentId },
        correlationId: documentId,
        actor: senderCode,
        data: { documentId, senderCode, recipientCodes: [TEST_AGENCY.other], blob, header: { priority: 0 } },
      }),
    );
  }

  async function verdictsFor(documentIds: string[], timeoutMs = 20_000): Promise<Verdict[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = (await readStreamEvents<Verdict>(opts, `${opts.subjects.prefix}.evt.document.>`)).filter(
        (e) => e.type.startsWith('document.signature-') && documentIds.includes(e.data.documentId),
      );
      if (new Set(all.map((v) => v.data.documentId)).size === documentIds.length || Date.now() > deadline)
        return all;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const signed = (signer = pki.agencies.valid) =>
    signEdxmlPackage(buildEdxmlPackage({ toCodes: [TEST_AGENCY.other] }), {
      signer,
      certificates: [signer, pki.intermediate],
    });

  it('verifies a signed package and records evidence; rejects unsigned, tampered and revoked ones with their codes', async () => {
    const good = signed();
    const tampered = good.replace('gói tin kiểm thử', 'gói tin kiểm thứ');
    const ids = [
      '11111111-0000-7000-8000-000000000001',
      '11111111-0000-7000-8000-000000000002',
      '11111111-0000-7000-8000-000000000003',
      '11111111-0000-7000-8000-000000000004',
    ];
    await submit(good, ids[0]);
    await submit(buildEdxmlPackage(), ids[1]);
    await submit(tampered, ids[2]);
    await submit(signed(pki.agencies.revoked), ids[3]);
    const verdicts = await verdictsFor(ids);
    const byDoc = Object.fromEntries(verdicts.map((v) => [v.data.documentId, v]));
    expect(byDoc[ids[0]].type).toBe('document.signature-verified');
    expect(byDoc[ids[0]].data.evidence).toMatchObject({
      policy: 'required',
      boundAgencyCode: TEST_AGENCY.sender,
      revocation: { source: 'crl' },
    });
    expect(byDoc[ids[1]]).toMatchObject({
      type: 'document.signature-rejected',
      data: { reason: 'SIG_MISSING' },
    });
    expect(byDoc[ids[2]]).toMatchObject({
      type: 'document.signature-rejected',
      data: { reason: 'SIG_DIGEST_MISMATCH' },
    });
    expect(byDoc[ids[3]]).toMatchObject({
      type: 'document.signature-rejected',
      data: { reason: 'CERT_REVOKED' },
    });
  });

  it("applies the sender's policy from the directory's events", async () => {
    await publisher.publish(
      createEvent({
        type: 'agency.registered',
        aggregate: { type: 'agency', id: '000.00.00.H29' },
        correlationId: '000.00.00.H29',
        actor: 'routing',
        data: {
          agency: {
            code: '000.00.00.H29',
            name: 'UBND TP Hồ Chí Minh',
            level: 'province',
            delivery: { mode: 'pull' },
            signaturePolicy: 'off',
            validFrom: '2025-07-01',
          },
        },
      }),
    );
    const id = '22222222-0000-7000-8000-000000000001';
    await new Promise((r) => setTimeout(r, 500));
    await submit(buildEdxmlPackage({ fromCode: '000.00.00.H29' }), id, '000.00.00.H29');
    const [verdict] = await verdictsFor([id]);
    expect(verdict.type).toBe('document.signature-verified');
    expect(verdict.data.evidence).toMatchObject({ policy: 'off' });
  });

  it('gives exactly one verdict per document even when the service dies mid-stream and restarts', async () => {
    const ids = Array.from(
      { length: 40 },
      (_, i) => `33333333-0000-7000-8000-${String(i).padStart(12, '0')}`,
    );
    // 1 MB packages, so that verification takes long enough to be interrupted.
    const signer = pki.agencies.valid;
    const pkg = signEdxmlPackage(
      buildEdxmlPackage({ toCodes: [TEST_AGENCY.other], attachmentBytes: 1_000_000 }),
      {
        signer,
        certificates: [signer, pki.intermediate],
      },
    );
    await app!.close();
    for (const id of ids) await submit(pkg, id);
    app = await startSignatureVerification(loadSignatureVerificationConfig({ ...env }));
    await new Promise((r) => setTimeout(r, 300));
    // Crash: drop the NATS connection without draining while verifications are in flight.
    await app.get<NatsConnection>(NATS_CONNECTION).close();
    await app.close().catch(() => undefined);
    const beforeRestart = (await verdictsFor(ids, 0)).length;
    expect(beforeRestart).toBeLessThan(ids.length);
    app = await startSignatureVerification(loadSignatureVerificationConfig({ ...env }));
    const verdicts = await verdictsFor(ids, 60_000);
    expect(verdicts).toHaveLength(ids.length);
    expect(new Set(verdicts.map((v) => v.data.documentId)).size).toBe(ids.length);
    expect(verdicts.every((v) => v.type === 'document.signature-verified')).toBe(true);
  }, 90_000);
});

import { createHash } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { JetStreamObjectBlobStore } from '@lt/blobs';
import { parsePackage } from '@lt/edxml';
import { isolatedMessagingOptions, realWorldPackages } from '@lt/testing';
import { AgencyClient } from '../../client/agency-client';
import {
  IntakeUnderTest,
  startIntakeUnderTest,
  createIntakeTestEnvironment,
  IntakeTestEnvironment,
} from '../../test-support/intake-under-test';

interface Problem {
  status: number;
  code: string;
  errors?: Array<{ code: string; path: string; line?: number }>;
  documentId?: string;
}

describe('submitting packages through the API (real NATS, PostgreSQL, HTTP)', () => {
  const messaging = isolatedMessagingOptions('intake-submit');
  let environment: IntakeTestEnvironment;
  let intake: IntakeUnderTest;
  const clients = new Map<string, AgencyClient>();

  async function as(code: string): Promise<AgencyClient> {
    if (!clients.has(code)) clients.set(code, await intake.agency(code));
    return clients.get(code) as AgencyClient;
  }
  const count = async (table: string) =>
    (await intake.app.get(DataSource).query(`SELECT count(*)::int AS n FROM intake.${table}`))[0].n as number;

  async function submittedEvents(): Promise<number> {
    const nc = await connect({ servers: messaging.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(messaging.streamName, {
        subjects_filter: `${messaging.subjects.prefix}.evt.document.submitted.>`,
      });
      return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
    } finally {
      await nc.close();
    }
  }

  beforeAll(async () => {
    environment = await createIntakeTestEnvironment(messaging, 'intake_submit');
    intake = await startIntakeUnderTest(environment.env);
  });
  afterAll(async () => {
    await intake?.app.close();
    await environment?.drop();
  });

  it('accepts every well-formed package of the conformance corpus (with warnings) and rejects the malformed one storing nothing', async () => {
    const corpus = realWorldPackages();
    expect(corpus.length).toBeGreaterThan(10);
    const seen = new Set<string>();
    let documents = 0;
    let statuses = 0;
    for (const pkg of corpus) {
      const parsed = parsePackage(pkg.bytes, { level: 'lenient' });
      if (!parsed.ok) {
        // Not even XML: submitted by some agency, refused before anything is stored.
        expect(pkg.name).toBe('sdk-edoc.edxml');
        const before = await count('document');
        const r = await (await as('000.00.00.G22')).request('POST', '/v1/documents', { body: pkg.bytes });
        expect(r.status).toBe(422);
        const problem = (await r.json()) as Problem;
        expect(problem.code).toBe('EDXML_NOT_WELL_FORMED');
        expect(problem.errors?.[0]).toMatchObject({ code: 'EDXML_NOT_WELL_FORMED' });
        expect(problem.errors?.[0].line).toBeGreaterThan(0);
        expect(await count('document')).toBe(before);
        const sha = createHash('sha256').update(pkg.bytes).digest('hex');
        const nc = await connect({ servers: messaging.natsUrl });
        try {
          expect(
            await new JetStreamObjectBlobStore(nc, { bucket: `${messaging.streamName}_BLOBS` }).has(sha),
          ).toBe(false);
        } finally {
          await nc.close();
        }
        continue;
      }
      const value = parsed.value;
      const client = await as(value.header.from.organId);
      if (value.kind === 'status') {
        const r = await client.request('POST', '/v1/statuses', { body: pkg.bytes });
        expect({ name: pkg.name, status: r.status }).toEqual({ name: pkg.name, status: 202 });
        const body = (await r.json()) as { statusId: string; statusCode: string };
        expect(body.statusCode).toBe(value.header.statusCode);
        statuses++;
        continue;
      }
      const r = await client.request('POST', '/v1/documents', { body: pkg.bytes });
      const identity = `${value.header.from.organId}|${value.header.documentId}|${value.business?.bussinessDocType ?? 0}`;
      if (seen.has(identity)) {
        // Two corpus files with the same sender DocumentId and business type: the second is a duplicate.
        expect({ name: pkg.name, status: r.status }).toEqual({ name: pkg.name, status: 409 });
        continue;
      }
      seen.add(identity);
      expect({ name: pkg.name, status: r.status }).toEqual({ name: pkg.name, status: 202 });
      const body = (await r.json()) as { documentId: string; warnings: unknown[]; statusUrl: string };
      expect(body.statusUrl).toBe(`/v1/documents/${body.documentId}`);
      expect(body.warnings).toEqual(
        parsed.warnings.map((w) => expect.objectContaining({ code: w.code, path: w.path })),
      );
      documents++;
    }
    expect(documents).toBeGreaterThan(3);
    expect(statuses).toBeGreaterThan(3);
    expect(await count('document')).toBe(documents);
    expect(await count('status')).toBe(statuses);
    expect(await submittedEvents()).toBe(documents);
  });

  it('answers 20 parallel submissions with one Idempotency-Key with one document', async () => {
    const pkg = realWorldPackages().find((p) => p.name === 'provincial-edoc_new.edxml');
    if (!pkg) throw new Error('corpus package missing');
    // A package of its own: change the DocumentId so that the corpus test's copy does not make it a duplicate.
    const parsed = parsePackage(pkg.bytes);
    if (!parsed.ok || parsed.value.kind !== 'document') throw new Error('corpus package does not parse');
    const original = parsed.value.header.documentId;
    const bytes = Buffer.from(pkg.bytes.toString('utf8').split(original).join(`${original}-idem`));
    const client = await as(parsed.value.header.from.organId);
    const documentsBefore = await count('document');
    const eventsBefore = await submittedEvents();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.request('POST', '/v1/documents', {
          body: bytes,
          headers: { 'idempotency-key': 'one-key-20' },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    const ids = new Set(
      await Promise.all(answers.map(async (a) => ((await a.json()) as { documentId: string }).documentId)),
    );
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(await count('document')).toBe(documentsBefore + 1);
    expect(await submittedEvents()).toBe(eventsBefore + 1);

    // The same key with another body is refused, not answered with the first document.
    const other = await client.request('POST', '/v1/documents', {
      body: Buffer.concat([bytes, Buffer.from('\n')]),
      headers: { 'idempotency-key': 'one-key-20' },
    });
    expect(other.status).toBe(422);
    expect(((await other.json()) as Problem).code).toBe('IDEMPOTENCY_KEY_REUSED');

    // Without the key, the same package again is a duplicate naming the original, and is not routed again.
    const again = await client.request('POST', '/v1/documents', { body: bytes });
    expect(again.status).toBe(409);
    const problem = (await again.json()) as Problem;
    expect(problem.code).toBe('DUPLICATE_DOCUMENT');
    expect(problem.documentId).toBe([...ids][0]);
    expect(await submittedEvents()).toBe(eventsBefore + 1);
  });

  it('answers 413 over MAX_PACKAGE_BYTES and 415 for JSON', async () => {
    const client = await as('000.00.00.H29');
    const json = await client.request('POST', '/v1/documents', { body: { not: 'a package' } });
    expect(json.status).toBe(415);
    const small = await startIntakeUnderTest(environment.env, { MAX_PACKAGE_BYTES: '2048' });
    try {
      const c = await small.agency('000.00.00.H30');
      const r = await c.request('POST', '/v1/documents', { body: Buffer.alloc(2049, 0x20) });
      expect(r.status).toBe(413);
      expect(((await r.json()) as Problem).code).toBe('PAYLOAD_TOO_LARGE');
      const fits = await c.request('POST', '/v1/documents', { body: Buffer.alloc(2048, 0x20) });
      expect(fits.status).toBe(422);
    } finally {
      await small.app.close();
    }
  });
});

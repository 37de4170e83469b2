import { DataSource as DataSourceToken } from 'typeorm';
import { isolatedMessagingOptions, realWorldPackages } from '@lt/testing';
import { signedHeaders } from '../client/agency-client';
import {
  IsolatedEnvironment,
  IntakeUnderTest,
  startIntakeUnderTest,
  createIntakeTestEnvironment,
  IntakeTestEnvironment,
} from '../test-support/intake-under-test';

// The real-world package from the Government Office (000.00.00.G22) to three agencies.
const pkg = realWorldPackages().find((p) => p.name === 'sdk-dc0bdef0-c7a3-4aaf-b717-777303442973.edxml') ?? {
  name: 'missing',
  bytes: Buffer.alloc(0),
};
const SENDER = '000.00.00.G22';

describe('agency authentication (real NATS, PostgreSQL, HTTP)', () => {
  const messaging = isolatedMessagingOptions('intake-auth');
  let environment: IntakeTestEnvironment;
  let env: IsolatedEnvironment;
  let intake: IntakeUnderTest;

  beforeAll(async () => {
    environment = await createIntakeTestEnvironment(messaging, 'intake_auth');
    env = environment.env;
    intake = await startIntakeUnderTest(env);
  });
  afterAll(async () => {
    await intake?.app.close();
    await environment?.drop();
  });

  async function expectProblem(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status, code });
  }

  it('refuses an unsigned request with AUTH_MISSING', async () => {
    const r = await fetch(`${intake.url}/v1/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: pkg.bytes,
    });
    await expectProblem(r, 401, 'AUTH_MISSING');
  });

  it('refuses a wrong secret with AUTH_SIGNATURE_INVALID', async () => {
    const good = await intake.agency(SENDER);
    const headers = signedHeaders(
      { systemId: good.credentials.systemId, secret: `${good.credentials.secret}x` },
      'GET',
      '/v1/inbox',
    );
    await expectProblem(await fetch(`${intake.url}/v1/inbox`, { headers }), 401, 'AUTH_SIGNATURE_INVALID');
  });

  it('refuses a signature over another body (the digest is signed)', async () => {
    const client = await intake.agency('000.00.00.H41');
    const headers = signedHeaders(client.credentials, 'POST', '/v1/documents', Buffer.from('<other/>'));
    const r = await fetch(`${intake.url}/v1/documents`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/xml' },
      body: pkg.bytes,
    });
    await expectProblem(r, 401, 'AUTH_SIGNATURE_INVALID');
  });

  it('refuses a timestamp just outside the skew window and accepts one just inside', async () => {
    const client = await intake.agency('000.00.00.H29');
    const skewMs = 300_000;
    const stale = signedHeaders(
      client.credentials,
      'GET',
      '/v1/documents/00000000-0000-0000-0000-000000000000',
      undefined,
      { nowMs: Date.now() - skewMs - 5_000 },
    );
    await expectProblem(
      await fetch(`${intake.url}/v1/documents/00000000-0000-0000-0000-000000000000`, { headers: stale }),
      401,
      'AUTH_TIMESTAMP_OUT_OF_WINDOW',
    );
    const inside = signedHeaders(
      client.credentials,
      'GET',
      '/v1/documents/00000000-0000-0000-0000-000000000000',
      undefined,
      { nowMs: Date.now() - skewMs + 5_000 },
    );
    // Authenticated: the document simply does not exist.
    await expectProblem(
      await fetch(`${intake.url}/v1/documents/00000000-0000-0000-0000-000000000000`, { headers: inside }),
      404,
      'DOCUMENT_NOT_FOUND',
    );
  });

  it('refuses a replayed request, also on another replica sharing the database', async () => {
    const client = await intake.agency('000.00.00.H31');
    const path = '/v1/documents/00000000-0000-0000-0000-000000000001';
    const headers = signedHeaders(client.credentials, 'GET', path);
    expect((await fetch(`${intake.url}${path}`, { headers })).status).toBe(404);
    await expectProblem(await fetch(`${intake.url}${path}`, { headers }), 401, 'AUTH_REPLAYED');
    const replica = await startIntakeUnderTest(env);
    try {
      await expectProblem(await fetch(`${replica.url}${path}`, { headers }), 401, 'AUTH_REPLAYED');
    } finally {
      await replica.app.close();
    }
  });

  it('refuses an agency submitting a package From another agency (FROM_NOT_CALLER), storing nothing', async () => {
    const impostor = await intake.agency('000.00.00.H53');
    const r = await impostor.request('POST', '/v1/documents', { body: pkg.bytes });
    await expectProblem(r, 403, 'FROM_NOT_CALLER');
    const rows = await intake.app
      .get(DataSourceToken)
      .query(`SELECT count(*)::int AS n FROM intake.document`);
    expect(rows[0].n).toBe(0);
  });

  it("hides another agency's document: only the sender and its recipients can read it", async () => {
    const sender = await intake.agency(SENDER);
    const accepted = await sender.request('POST', '/v1/documents', { body: pkg.bytes });
    expect(accepted.status).toBe(202);
    const { documentId } = (await accepted.json()) as { documentId: string };
    const own = await sender.request('GET', `/v1/documents/${documentId}`);
    expect(own.status).toBe(200);
    const body = (await own.json()) as { senderCode: string; recipients: Array<{ agencyCode: string }> };
    expect(body.senderCode).toBe(SENDER);
    expect(body.recipients.length).toBeGreaterThan(1);

    const stranger = await intake.agency('000.00.00.A53');
    await expectProblem(
      await stranger.request('GET', `/v1/documents/${documentId}`),
      404,
      'DOCUMENT_NOT_FOUND',
    );
    const recipientCode = body.recipients[0].agencyCode;
    const recipient = await intake.agency(recipientCode);
    const seen = (await (await recipient.request('GET', `/v1/documents/${documentId}`)).json()) as {
      recipients: Array<{ agencyCode: string }>;
    };
    expect(seen.recipients.map((r) => r.agencyCode)).toEqual([recipientCode]);
  });

  it('rotates (old and new secrets both work during the grace) and revokes', async () => {
    const first = await intake.agency('000.00.00.G12');
    const rotated = await intake.operator(
      'POST',
      `/v1/operator/credentials/${first.credentials.systemId}/rotate`,
      { graceSeconds: 3600 },
    );
    expect(rotated.status).toBe(201);
    const second = (await rotated.json()) as {
      systemId: string;
      secret: string;
      previousSecretsExpireAt: string;
    };
    expect(second.systemId).toBe(first.credentials.systemId);
    expect(second.secret).not.toBe(first.credentials.secret);
    const probe = '/v1/documents/00000000-0000-0000-0000-000000000002';
    expect((await first.request('GET', probe)).status).toBe(404);
    const newClient = new (first.constructor as typeof import('../client/agency-client').AgencyClient)(
      intake.url,
      second,
    );
    expect((await newClient.request('GET', probe)).status).toBe(404);

    const listed = (await (
      await intake.operator('GET', `/v1/operator/credentials?systemId=${second.systemId}`)
    ).json()) as { items: Array<Record<string, unknown>> };
    expect(listed.items).toHaveLength(2);
    expect(JSON.stringify(listed.items)).not.toContain(second.secret);
    expect(listed.items.every((i) => !('signingKey' in i))).toBe(true);

    const revoked = await intake.operator('POST', `/v1/operator/credentials/${second.systemId}/revoke`, {});
    expect(await revoked.json()).toMatchObject({ revoked: 2 });
    await expectProblem(await newClient.request('GET', probe), 401, 'AUTH_SIGNATURE_INVALID');
    await expectProblem(await first.request('GET', probe), 401, 'AUTH_SIGNATURE_INVALID');
  });

  it('keeps the operator API behind the operator token', async () => {
    await expectProblem(await fetch(`${intake.url}/v1/operator/credentials`), 401, 'OPERATOR_AUTH_MISSING');
    const wrong = await fetch(`${intake.url}/v1/operator/credentials`, {
      headers: { authorization: 'Bearer nope' },
    });
    await expectProblem(wrong, 403, 'OPERATOR_TOKEN_INVALID');
  });

  it('limits each agency to its burst, then answers 429 with Retry-After', async () => {
    const limited = await startIntakeUnderTest(env, { RATE_LIMIT_BURST: '3', RATE_LIMIT_PER_MINUTE: '6' });
    try {
      const a = await limited.agency('000.00.00.H01');
      const b = await limited.agency('000.00.00.H02');
      const probe = '/v1/documents/00000000-0000-0000-0000-000000000003';
      for (let i = 0; i < 3; i++) expect((await a.request('GET', probe)).status).toBe(404);
      const refused = await a.request('GET', probe);
      await expectProblem(refused.clone(), 429, 'RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Another agency has its own bucket.
      expect((await b.request('GET', probe)).status).toBe(404);
    } finally {
      await limited.app.close();
    }
  });

  it('accepts a client-certificate identity only from a trusted ingress address', async () => {
    const trusted = await startIntakeUnderTest(env, {
      CLIENT_CERT_AGENCY_HEADER: 'x-client-agency',
      CLIENT_CERT_TRUSTED_PROXIES: '127.0.0.1,::ffff:127.0.0.1',
    });
    const untrusted = await startIntakeUnderTest(env, {
      CLIENT_CERT_AGENCY_HEADER: 'x-client-agency',
      CLIENT_CERT_TRUSTED_PROXIES: '10.9.9.9',
    });
    try {
      const probe = '/v1/documents/00000000-0000-0000-0000-000000000004';
      expect(
        (await fetch(`${trusted.url}${probe}`, { headers: { 'x-client-agency': '000.00.00.H41' } })).status,
      ).toBe(404);
      await expectProblem(
        await fetch(`${untrusted.url}${probe}`, { headers: { 'x-client-agency': '000.00.00.H41' } }),
        401,
        'AUTH_MISSING',
      );
    } finally {
      await trusted.app.close();
      await untrusted.app.close();
    }
  });

  it('accepts a signed submission once: concurrent and later replays are refused AUTH_REPLAYED', async () => {
    // The submission claims its nonce inside its own transaction (ClaimNonceInCommand).
    const client = await intake.agency(SENDER);
    const headers = {
      'content-type': 'application/xml',
      ...signedHeaders(client.credentials, 'POST', '/v1/documents', pkg.bytes),
    };
    const send = () => fetch(`${intake.url}/v1/documents`, { method: 'POST', headers, body: pkg.bytes });
    const answers = await Promise.all(Array.from({ length: 6 }, send));
    // One goes through (202, or 409 if an earlier test submitted this package already).
    const through = answers.filter((r) => r.status !== 401);
    expect(through).toHaveLength(1);
    expect([202, 409]).toContain(through[0].status);
    for (const r of answers.filter((a) => a.status === 401)) {
      expect(await r.json()).toMatchObject({ code: 'AUTH_REPLAYED' });
    }
    await expectProblem(await send(), 401, 'AUTH_REPLAYED');
    const ds = intake.app.get(DataSourceToken);
    const [{ n }] = await ds.query(
      'SELECT count(*)::int AS n FROM intake.request_nonce WHERE system_id = $1 AND nonce = $2',
      [client.credentials.systemId, (headers as Record<string, string>)['x-lt-nonce']],
    );
    expect(n).toBe(1);
  });
});

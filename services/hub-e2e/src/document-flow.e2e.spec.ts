import { createHash } from 'node:crypto';
import { realWorldPackages } from '@lt/testing';
import { agencyClient, operatorEnv } from './support/agency-access';
import { HubStack, startHubStack } from './support/hub-stack';

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a document flowing through all five services (real NATS and PostgreSQL)', () => {
  let stack: HubStack;
  const pkg = realWorldPackages().find((p) => p.name === 'sdk-dc0bdef0-c7a3-4aaf-b717-777303442973.edxml')!;

  // The auditors' API needs an auditor's bearer token; the service is configured with its SHA-256.
  const auditorToken = 'e2e-auditor-token';
  const auditorHashes = createHash('sha256').update(auditorToken).digest('hex');

  beforeAll(async () => {
    stack = await startHubStack({ ...operatorEnv(), AUDITOR_TOKEN_HASHES: auditorHashes });
  });
  afterAll(() => stack?.stop());

  it('is submitted, verified, routed and delivered; audit shows it in order under one trace', async () => {
    // Agencies sign their requests: the package is from the Government Office (From 000.00.00.G22).
    const sender = await agencyClient(stack.intakeUrl, '000.00.00.G22');
    const response = await sender.request('POST', '/v1/documents', { body: pkg.bytes });
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { documentId: string; sha256: string };
    expect(accepted.documentId).toMatch(/^[0-9a-f-]{36}$/);

    // The package goes to three agencies: 1 submitted + 1 verified + 1 routed + 3 queued + 3 delivered.
    const history = await eventually(async () => {
      const r = await fetch(`${stack.auditUrl}/v1/audit/documents/${accepted.documentId}/events`, {
        headers: { authorization: `Bearer ${auditorToken}` },
      });
      if (r.status !== 200) return undefined;
      const body = (await r.json()) as {
        events: Array<{
          type: string;
          traceId: string;
          position: number;
          event: { data: Record<string, unknown> };
        }>;
      };
      return body.events.length >= 9 ? body.events : undefined;
    });
    const types = history.map((e) => e.type);
    expect(types.slice(0, 3)).toEqual([
      'document.submitted',
      'document.signature-verified',
      'document.routed',
    ]);
    expect(types.filter((t) => t === 'delivery.queued')).toHaveLength(3);
    expect(types.filter((t) => t === 'delivery.delivered')).toHaveLength(3);
    expect(types.indexOf('delivery.queued')).toBeGreaterThan(types.indexOf('document.routed'));
    expect(new Set(history.map((e) => e.traceId)).size).toBe(1);
    expect(history[0].traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(history[0].event.data).toMatchObject({
      senderCode: '000.00.00.G22',
      blob: { sha256: accepted.sha256 },
    });
    const positions = history.map((e) => e.position);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('rejects bad input with problem+json and changes nothing', async () => {
    const agency = await agencyClient(stack.intakeUrl, '000.00.00.H29');
    const empty = await agency.request('POST', '/v1/documents', { body: '' });
    expect(empty.status).toBe(400);
    expect(empty.headers.get('content-type')).toContain('application/problem+json');
    expect(await empty.json()).toMatchObject({ status: 400, code: 'EMPTY_BODY' });

    const unknown = await fetch(`${stack.intakeUrl}/v1/nowhere`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(await unknown.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });

    const malformed = realWorldPackages().find((p) => p.name === 'sdk-edoc.edxml')!;
    const bad = await agency.request('POST', '/v1/documents', { body: malformed.bytes });
    expect(bad.status).toBe(422);
    const problem = (await bad.json()) as { code: string; errors: Array<{ line?: number }> };
    expect(problem.code).toBe('EDXML_NOT_WELL_FORMED');
    expect(problem.errors[0].line).toBeGreaterThan(0);
  });

  it('answers an oversize body with 413 problem+json', async () => {
    const limited = await startHubStack({ MAX_PACKAGE_BYTES: '2048' });
    try {
      const r = await fetch(`${limited.intakeUrl}/v1/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml' },
        body: Buffer.alloc(4096, 0x20),
      });
      expect(r.status).toBe(413);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(await r.json()).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    } finally {
      await limited.stop();
    }
  });

  it('reports readiness and metrics on every service', async () => {
    for (const app of Object.values(stack.apps)) {
      const url = await app.getUrl();
      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ready',
        checks: { nats: { ok: true }, postgres: { ok: true }, consumers: { ok: true } },
      });
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toContain('process_resident_memory_bytes');
    }
  });
});

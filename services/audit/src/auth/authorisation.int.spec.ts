import { DataSource } from 'typeorm';
import { createHmac } from 'node:crypto';
import {
  AUDITOR_TOKEN,
  AuditTestStack,
  OPERATOR_TOKEN,
  startAuditTestStack,
} from '../test-support/audit-test-stack';

describe('who may use /v1/audit', () => {
  let stack: AuditTestStack;
  beforeAll(async () => {
    stack = await startAuditTestStack();
  }, 30_000);
  afterAll(() => stack?.stop());

  const accessLog = async () =>
    (await stack.app
      .get(DataSource)
      .query(`SELECT principal, role, method, path, decision FROM audit.access_log ORDER BY id`)) as Array<
      Record<string, string>
    >;

  it('gives an agency credential, an unknown token or no credential nothing', async () => {
    const agencyHeaders: Record<string, string> = {
      systemid: '000.00.00.H29',
      timestamp: String(Date.now()),
      hmac: createHmac('sha256', 'agency-secret').update('000.00.00.H29').digest('hex'),
    };
    for (const path of [
      '/v1/audit/documents',
      '/v1/audit/integrity',
      '/v1/audit/documents/x/events',
      '/v1/audit/reports/agencies/000.00.00.H29',
    ]) {
      for (const headers of [
        {},
        agencyHeaders,
        { authorization: 'Bearer agency-token' },
        { authorization: `Basic ${AUDITOR_TOKEN}` },
      ]) {
        const r = await fetch(`${stack.url}${path}`, { headers });
        expect(r.status).toBe(401);
        expect(r.headers.get('content-type')).toContain('application/problem+json');
        expect(await r.json()).toMatchObject({ code: 'AUDIT_UNAUTHENTICATED' });
      }
    }
  });

  it('lets auditors read but not write, and operators rebuild but not read documents', async () => {
    expect((await stack.get('/v1/audit/integrity')).status).toBe(200);
    const rebuild = await fetch(`${stack.url}/v1/audit/operator/rebuild`, {
      method: 'POST',
      headers: { authorization: `Bearer ${AUDITOR_TOKEN}` },
    });
    expect(rebuild.status).toBe(403);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const r = await fetch(`${stack.url}/v1/audit/documents/x/events`, {
        method,
        headers: { authorization: `Bearer ${AUDITOR_TOKEN}` },
      });
      expect(r.status).toBeGreaterThanOrEqual(400);
    }
    expect((await stack.get('/v1/audit/documents', OPERATOR_TOKEN)).status).toBe(403);
  });

  it('audits every query, allowed or denied, with who asked', async () => {
    await stack.get('/v1/audit/documents?q=abc');
    await stack.get('/v1/audit/documents', null);
    const rows = await accessLog();
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          principal: 'inspector-1',
          role: 'auditor',
          method: 'GET',
          path: '/v1/audit/documents?q=abc',
          decision: 'allowed',
        }),
        expect.objectContaining({ principal: 'anonymous', decision: 'denied:unauthenticated' }),
        expect.objectContaining({
          principal: 'inspector-1',
          path: '/v1/audit/operator/rebuild',
          decision: 'denied:role',
        }),
      ]),
    );
  });
});

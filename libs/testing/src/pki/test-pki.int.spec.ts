import { X509Certificate } from 'node:crypto';
import { createTestPki, TEST_AGENCY, TestPki } from './test-pki';

// Integration: the CRL server is real HTTP on loopback.
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});
afterAll(() => pki.close());

it('issues a chain root → intermediate → agency with the agency code in OU and loopback revocation URLs', () => {
  const root = new X509Certificate(pki.root.der);
  const intermediate = new X509Certificate(pki.intermediate.der);
  const agency = new X509Certificate(pki.agencies.valid.der);
  expect(intermediate.verify(root.publicKey)).toBe(true);
  expect(agency.verify(intermediate.publicKey)).toBe(true);
  expect(agency.checkIssued(intermediate)).toBe(true);
  expect(root.ca && intermediate.ca && !agency.ca).toBe(true);
  expect(agency.subject).toContain(`OU=${TEST_AGENCY.sender}`);
  expect(new X509Certificate(pki.agencies.wrongAgency.der).subject).toContain(`OU=${TEST_AGENCY.other}`);
  expect(pki.agencies.valid.certificate.toString('text')).toContain(pki.crlServer.crlUrl('intermediate-ca'));
  expect(agency.infoAccess).toContain(`${pki.crlServer.baseUrl}/ocsp`);
  expect(pki.agencies.validEc.key.privateKey.asymmetricKeyType).toBe('ec');
  expect(new Date(new X509Certificate(pki.agencies.expired.der).validTo).getTime()).toBeLessThan(Date.now());
  expect(new Date(new X509Certificate(pki.agencies.notYetValid.der).validFrom).getTime()).toBeGreaterThan(
    Date.now(),
  );
});

it('serves the CRLs, goes down and comes back', async () => {
  const url = pki.crlServer.crlUrl('intermediate-ca');
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const crl = Buffer.from(await response.arrayBuffer());
  const serial = Buffer.from(pki.agencies.revoked.certificate.serialNumber, 'hex');
  expect(crl.includes(serial)).toBe(true);
  pki.crlServer.goDown();
  await expect(fetch(url)).rejects.toThrow();
  pki.crlServer.comeBack();
  expect((await fetch(url)).status).toBe(200);
  expect(pki.crlServer.requestCount('intermediate-ca')).toBe(3);
});

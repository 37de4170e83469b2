import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, TestPki } from '../test-support/test-pki';
import { findExpiringCertificates } from '../expiry/find-expiring-certificates';
import { parseCertificate } from './certificate-info';
import { TrustStore } from './trust-store';

// Integration: the store reads real files and watches them.
let pki: TestPki;
let dir: string;
beforeAll(async () => {
  pki = await createTestPki();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lt-trust-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
afterAll(() => pki.close());

const fingerprints = (store: TrustStore) => store.anchors().map((cert) => cert.sha256Fingerprint);

it('loads anchors from a directory and intermediates from a bundle, and reloads on demand', async () => {
  writeFileSync(join(dir, 'root.pem'), pki.root.pem);
  writeFileSync(join(dir, 'notes.txt'), 'not a certificate');
  const bundle = join(dir, 'intermediates.bundle');
  writeFileSync(bundle, pki.intermediate.pem);
  const store = await TrustStore.fromPath({ anchorsPath: dir, intermediatesPath: bundle });
  expect(fingerprints(store)).toEqual([parseCertificate(pki.root.pem).sha256Fingerprint]);
  expect(store.intermediates()).toHaveLength(1);

  writeFileSync(join(dir, 'rogue.crt'), pki.rogueRoot.pem);
  await store.reload();
  expect(store.anchors()).toHaveLength(2);
  expect(store.isAnchor(parseCertificate(pki.rogueRoot.pem))).toBe(true);
});

it('keeps the previous anchors when a reload finds none', async () => {
  const file = join(dir, 'anchors.pem');
  writeFileSync(file, pki.root.pem);
  const store = await TrustStore.fromPath({ anchorsPath: file });
  writeFileSync(file, 'garbage');
  await expect(store.reload()).rejects.toThrow(/no trust anchor/);
  expect(store.anchors()).toHaveLength(1);
});

it('reloads by itself when watching and the bundle changes', async () => {
  const file = join(dir, 'anchors.pem');
  writeFileSync(file, pki.root.pem);
  const store = await TrustStore.fromPath({ anchorsPath: file }, { watch: true });
  try {
    writeFileSync(file, `${pki.root.pem}\n${pki.rogueRoot.pem}`);
    const deadline = Date.now() + 5_000;
    while (store.anchors().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(store.anchors()).toHaveLength(2);
  } finally {
    store.close();
  }
});

it('lists anchors and agency certificates expiring within N days, soonest first', () => {
  const store = TrustStore.fromPem(pki.root.pem, pki.intermediate.pem);
  const agencyCertificates = [pki.agencies.valid, pki.agencies.expiringSoon, pki.agencies.expired].map(
    (cert) => ({
      certificate: parseCertificate(cert.pem),
      agencyCode: cert.agencyCode ?? '',
    }),
  );
  const soon = findExpiringCertificates({ trustStore: store, agencyCertificates }, 30);
  expect(soon.map((e) => e.subject)).toEqual([
    pki.agencies.expired.certificate.subject,
    pki.agencies.expiringSoon.certificate.subject,
  ]);
  expect(soon[0].daysLeft).toBeLessThan(0);
  expect(soon[1]).toMatchObject({ role: 'agency', agencyCode: '000.00.00.G22' });
  expect(soon[1].daysLeft).toBeGreaterThanOrEqual(9);
  const inTenYears = findExpiringCertificates({ trustStore: store, agencyCertificates }, 3660);
  expect(inTenYears.map((e) => e.role)).toEqual(
    expect.arrayContaining(['trust-anchor', 'intermediate', 'agency']),
  );
  expect(inTenYears[inTenYears.length - 1].role).toBe('trust-anchor');
});

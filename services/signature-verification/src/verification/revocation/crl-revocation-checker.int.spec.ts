import { createVerificationFixture, VerificationFixture } from '../test-support/verification-fixture';
import { verifyPackageSignature } from '../verify-package-signature';
import { CrlRevocationChecker } from './crl-revocation-checker';

// Integration: CRLs are downloaded over HTTP from the test PKI's loopback server, which goes down and comes back.
const MINUTE = 60_000;
let fx: VerificationFixture;
let now: Date;
beforeAll(async () => {
  fx = await createVerificationFixture();
});
afterAll(() => fx.pki.close());

function checker(maxStaleAgeMs = 120 * MINUTE) {
  return new CrlRevocationChecker({ maxStaleAgeMs, fetchTimeoutMs: 2_000, clock: () => now });
}
const later = (start: Date, minutes: number) => new Date(start.getTime() + minutes * MINUTE);

async function verdictWith(revocation: CrlRevocationChecker, signer = fx.pki.agencies.valid) {
  return verifyPackageSignature(Buffer.from(fx.signed({ signer })), fx.context, { ...fx.deps, revocation });
}

it('caches the CRL, refreshes it before nextUpdate, and uses the last good one within the max age when the source is down', async () => {
  const t0 = new Date();
  now = t0;
  fx.pki.crlServer.comeBack();
  await fx.pki.publishCrls({ thisUpdate: later(t0, -1), nextUpdate: later(t0, 60) });
  const revocation = checker();

  expect(await verdictWith(revocation)).toMatchObject({
    outcome: 'verified',
    evidence: { revocation: { source: 'crl' } },
  });
  const downloads = fx.pki.crlServer.requestCount('intermediate-ca');
  expect(downloads).toBeGreaterThanOrEqual(1);
  expect((await verdictWith(revocation)).outcome).toBe('verified');
  expect(fx.pki.crlServer.requestCount('intermediate-ca')).toBe(downloads); // served from the cache

  fx.pki.crlServer.goDown();
  now = later(t0, 55); // inside the refresh margin: a refresh is tried, fails, the CRL is still current
  expect(await verdictWith(revocation)).toMatchObject({
    outcome: 'verified',
    evidence: { revocation: { source: 'crl' } },
  });
  expect(fx.pki.crlServer.requestCount('intermediate-ca')).toBeGreaterThan(downloads);

  now = later(t0, 60 + 90); // 90 min past nextUpdate, max age 120 min: the last good answer
  const stale = await verdictWith(revocation);
  expect(stale).toMatchObject({ outcome: 'verified', evidence: { revocation: { source: 'cache' } } });
  expect(Date.parse(stale.evidence.revocation?.checkedAt ?? '')).toBe(t0.getTime());
  expect(await verdictWith(revocation, fx.pki.agencies.revoked)).toMatchObject({
    outcome: 'rejected',
    reason: 'CERT_REVOKED',
  });

  now = later(t0, 60 + 121); // past the max age: unknown, never revoked
  expect(await verdictWith(revocation)).toMatchObject({
    outcome: 'rejected',
    reason: 'CERT_REVOCATION_UNKNOWN',
  });
  expect(await verdictWith(revocation, fx.pki.agencies.revoked)).toMatchObject({
    outcome: 'rejected',
    reason: 'CERT_REVOCATION_UNKNOWN',
  });

  await fx.pki.publishCrls({ thisUpdate: later(now, -1), nextUpdate: later(now, 60) });
  fx.pki.crlServer.comeBack();
  expect(await verdictWith(revocation)).toMatchObject({
    outcome: 'verified',
    evidence: { revocation: { source: 'crl' } },
  });
});

it('CERT_REVOCATION_UNKNOWN when the source is down and nothing was ever cached', async () => {
  now = new Date();
  fx.pki.crlServer.goDown();
  try {
    const verdict = await verdictWith(checker());
    expect(verdict).toMatchObject({ outcome: 'rejected', reason: 'CERT_REVOCATION_UNKNOWN' });
    expect(verdict.outcome === 'rejected' && verdict.detail).toMatch(/no usable CRL/);
  } finally {
    fx.pki.crlServer.comeBack();
  }
});

it('refuses a CRL not signed by the certificate issuer (answer unknown, not good)', async () => {
  now = new Date();
  await fx.pki.publishCrls();
  const forged = new CrlRevocationChecker({
    maxStaleAgeMs: 0,
    clock: () => now,
    // Serve the rogue CA's CRL (empty, other issuer) wherever the intermediate's is asked for.
    fetch: async (url) => {
      const rogue = await fetch(url.replace('intermediate-ca', 'rogue-ca'));
      return Buffer.from(await rogue.arrayBuffer());
    },
  });
  const verdict = await verdictWith(forged, fx.pki.agencies.revoked);
  expect(verdict).toMatchObject({ outcome: 'rejected', reason: 'CERT_REVOCATION_UNKNOWN' });
});

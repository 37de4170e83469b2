import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignatureRejectionReason } from '@lt/contracts';
import { TrustStore } from './certificates/trust-store';
import { RevocationChecker } from './revocation/revocation-checker';
import { verifyPackageSignature } from './verify-package-signature';

// The 19 packages from real producers: each must get a defined verdict, never a crash.
const DIR = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'conformance', 'edxml', 'real-world');
const files = readdirSync(DIR)
  .filter((name) => name.endsWith('.edxml'))
  .sort();
const ALL_REASONS: SignatureRejectionReason[] = [
  'SIG_MISSING',
  'SIG_INVALID',
  'SIG_DIGEST_MISMATCH',
  'CERT_UNTRUSTED',
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_REVOCATION_UNKNOWN',
  'CERT_AGENCY_MISMATCH',
  'SIG_ALGORITHM_FORBIDDEN',
  'SIG_WRAPPING',
];
// No trust anchors: no real package chains to a test anchor. Revocation must never be reached.
const neverCalled: RevocationChecker = {
  check: () => Promise.reject(new Error('revocation must not be reached for these packages')),
};

describe.each([false, true])('real-world packages (allowLegacySha1: %s)', (allowLegacySha1) => {
  test.each(files)('%s gets a defined rejection', async (file) => {
    const bytes = readFileSync(join(DIR, file));
    const verdict = await verifyPackageSignature(
      bytes,
      {
        senderCode: '000.00.00.G22',
        policy: 'required',
        allowLegacySha1,
        at: new Date('2025-01-01T00:00:00Z'),
      },
      { trustStore: TrustStore.fromPem(''), revocation: neverCalled },
    );
    expect(verdict.outcome).toBe('rejected');
    if (verdict.outcome !== 'rejected') return;
    expect(ALL_REASONS).toContain(verdict.reason);
    expect(verdict.detail).not.toMatch(/could not be processed/); // no unclassified library failure
    const text = bytes.toString('utf8');
    if (file === 'sdk-edoc.edxml') {
      expect(verdict.reason).toBe('SIG_INVALID');
      expect(verdict.detail).toMatch(/not well-formed/);
    } else if (!/<(\w+:)?Signature[\s>]/.test(text)) {
      expect(verdict).toMatchObject({ reason: 'SIG_MISSING', evidence: { signatureElement: 'none' } });
    } else if (!allowLegacySha1) {
      expect(verdict.reason).toBe('SIG_ALGORITHM_FORBIDDEN'); // every signed sample is RSA-SHA1
    } else {
      // Placeholder signatures: a truncated certificate, or a SignatureValue no key verifies.
      expect(verdict).toMatchObject({ reason: 'SIG_INVALID', evidence: { signatureAlgorithm: 'RSA-SHA1' } });
    }
  });
});

it('the SDK placeholder signature (edXML namespace, truncated certificate) is reported as such', async () => {
  const bytes = readFileSync(join(DIR, 'sdk-dc0bdef0-c7a3-4aaf-b717-777303442973.edxml'));
  const verdict = await verifyPackageSignature(
    bytes,
    {
      senderCode: '000.00.00.G22',
      policy: 'required',
      allowLegacySha1: true,
      at: new Date('2025-01-01T00:00:00Z'),
    },
    { trustStore: TrustStore.fromPem(''), revocation: neverCalled },
  );
  expect(verdict.evidence.signatureElement).toBe('edxml');
  expect(verdict.evidence.signatureAlgorithm).toBe('RSA-SHA1');
  expect(verdict).toMatchObject({ outcome: 'rejected', reason: 'SIG_INVALID' });
  expect(verdict.outcome === 'rejected' && verdict.detail).toMatch(/X509Certificate #1 cannot be parsed/);
});

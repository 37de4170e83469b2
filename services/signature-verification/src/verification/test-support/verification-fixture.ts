import { CrlRevocationChecker } from '../revocation/crl-revocation-checker';
import { TrustStore } from '../certificates/trust-store';
import { VerificationContext, VerificationDeps } from '../signature-verdict';
import {
  buildEdxmlPackage,
  createTestPki,
  EdxmlPackageOptions,
  SignEdxmlOptions,
  signEdxmlPackage,
  TEST_AGENCY,
  TestPki,
} from './test-pki';

/** A test PKI plus verifier dependencies wired to it (trust anchors: the PKI root; CRLs from its loopback server). */
export interface VerificationFixture {
  pki: TestPki;
  deps: VerificationDeps;
  context: VerificationContext;
  /** Signs a fresh test package (default: the valid RSA agency certificate, with its intermediate in KeyInfo). */
  signed(options?: Partial<SignEdxmlOptions>, packageOptions?: EdxmlPackageOptions): string;
}

/** Creates the fixture; call `fixture.pki.close()` in afterAll. */
export async function createVerificationFixture(): Promise<VerificationFixture> {
  const pki = await createTestPki();
  const deps: VerificationDeps = {
    trustStore: TrustStore.fromPem(pki.trustAnchorsPem),
    revocation: new CrlRevocationChecker({ maxStaleAgeMs: 3_600_000, fetchTimeoutMs: 2_000 }),
  };
  const context: VerificationContext = {
    senderCode: TEST_AGENCY.sender,
    policy: 'required',
    allowLegacySha1: false,
    at: new Date(),
  };
  return {
    pki,
    deps,
    context,
    signed(options = {}, packageOptions = {}) {
      const signer = options.signer ?? pki.agencies.valid;
      return signEdxmlPackage(buildEdxmlPackage(packageOptions), {
        signer,
        certificates: [signer, pki.intermediate],
        ...options,
      });
    },
  };
}

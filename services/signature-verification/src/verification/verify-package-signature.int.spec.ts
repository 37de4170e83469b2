import { createHash } from 'node:crypto';
import { SignatureRejectionReason } from '@lt/contracts';
import { TrustStore } from './certificates/trust-store';
import { SignatureVerdict } from './signature-verdict';
import { buildEdxmlPackage, C14nVariant, SignatureAlgorithmName, TEST_AGENCY } from './test-support/test-pki';
import { createVerificationFixture, VerificationFixture } from './test-support/verification-fixture';
import { verifyPackageSignature } from './verify-package-signature';

// Integration: revocation is checked against the test PKI's CRL server on loopback.
let fx: VerificationFixture;
beforeAll(async () => {
  fx = await createVerificationFixture();
});
afterAll(() => fx.pki.close());

const verify = (
  xml: string | Buffer,
  overrides: Partial<VerificationFixture['context']> = {},
  deps = fx.deps,
) =>
  verifyPackageSignature(
    Buffer.isBuffer(xml) ? xml : Buffer.from(xml, 'utf8'),
    { ...fx.context, ...overrides },
    deps,
  );

function expectRejected(verdict: SignatureVerdict, reason: SignatureRejectionReason): void {
  expect(verdict).toMatchObject({ outcome: 'rejected', reason });
  if (verdict.outcome === 'rejected') expect(verdict.detail.length).toBeGreaterThan(10);
}

const C14N_VARIANTS: C14nVariant[] = [
  'inclusive',
  'inclusiveWithComments',
  'exclusive',
  'exclusiveWithComments',
];
const RSA_ALGORITHMS: SignatureAlgorithmName[] = ['rsa-sha256', 'rsa-sha384', 'rsa-sha512'];
const EC_ALGORITHMS: SignatureAlgorithmName[] = ['ecdsa-sha256', 'ecdsa-sha384'];

describe('verified packages', () => {
  const cases = (['xmldsig', 'edxml'] as const).flatMap((namespace) =>
    [...RSA_ALGORITHMS, ...EC_ALGORITHMS].flatMap((algorithm) =>
      C14N_VARIANTS.map((c14n) => ({ namespace, algorithm, c14n })),
    ),
  );
  test.each(cases)(
    '$algorithm, $c14n, Signature in the $namespace namespace',
    async ({ namespace, algorithm, c14n }) => {
      const signer = algorithm.startsWith('ecdsa') ? fx.pki.agencies.validEc : fx.pki.agencies.valid;
      const xml = fx
        .signed({ signer, algorithm, c14n, signatureNamespace: namespace })
        .replace('<edXML:Subject>', '<!-- a comment, excluded from a URI="" reference --><edXML:Subject>');
      const verdict = await verify(xml);
      expect(verdict.outcome).toBe('verified');
      const evidence = verdict.evidence;
      expect(evidence.signatureElement).toBe(namespace);
      expect(evidence.signatureAlgorithm).toBe(algorithm.toUpperCase());
      expect(evidence.digestAlgorithm).toBe(`SHA-${algorithm.slice(-3)}`);
      expect(evidence.canonicalization).toMatch(/c14n/);
      expect(evidence.signer?.sha256Fingerprint).toBe(createHash('sha256').update(signer.der).digest('hex'));
      expect(evidence.signer?.subject).toContain(`OU=${TEST_AGENCY.sender}`);
      expect(evidence.chain).toEqual(
        [signer, fx.pki.intermediate, fx.pki.root].map((c) =>
          createHash('sha256').update(c.der).digest('hex'),
        ),
      );
      expect(evidence.boundAgencyCode).toBe(TEST_AGENCY.sender);
      expect(evidence.revocation?.source).toBe('crl');
      expect(Date.parse(evidence.revocation?.checkedAt ?? '')).toBeLessThanOrEqual(Date.now());
    },
  );

  it('accepts RSA-SHA1 only where the agency allows legacy algorithms', async () => {
    const xml = fx.signed({ algorithm: 'rsa-sha1' });
    expect((await verify(xml, { allowLegacySha1: true })).outcome).toBe('verified');
    expectRejected(await verify(xml, { allowLegacySha1: false }), 'SIG_ALGORITHM_FORBIDDEN');
  });

  it('verifies a 5 MB package', async () => {
    const xml = fx.signed({}, { attachmentBytes: 3_700_000 });
    expect(xml.length).toBeGreaterThan(4_900_000);
    expect((await verify(xml)).outcome).toBe('verified');
  });

  it('takes the intermediate from the configured store when KeyInfo carries only the signer', async () => {
    const xml = fx.signed({ certificates: [fx.pki.agencies.valid] });
    expectRejected(await verify(xml), 'CERT_UNTRUSTED');
    const withIntermediates = {
      ...fx.deps,
      trustStore: TrustStore.fromPem(fx.pki.trustAnchorsPem, fx.pki.intermediate.pem),
    };
    expect((await verify(xml, {}, withIntermediates)).outcome).toBe('verified');
  });

  it('finds the signer whatever the KeyInfo certificate order', async () => {
    const xml = fx.signed({ certificates: [fx.pki.intermediate, fx.pki.agencies.valid] });
    const verdict = await verify(xml);
    expect(verdict.outcome).toBe('verified');
    expect(verdict.evidence.signer?.subject).toContain('CN=agency-valid');
  });
});

describe('policy', () => {
  it('off: verified without looking at the bytes, saying why', async () => {
    const verdict = await verify('not even xml', { policy: 'off' });
    expect(verdict).toMatchObject({ outcome: 'verified', evidence: { policy: 'off' } });
    expect(verdict.evidence.skippedBecause).toMatch(/off/);
  });

  it('optional: returns the real verdict', async () => {
    const verdict = await verify(buildEdxmlPackage(), { policy: 'optional' });
    expectRejected(verdict, 'SIG_MISSING');
    expect(verdict.evidence.policy).toBe('optional');
  });
});

describe('each rejection code from a real case', () => {
  it('SIG_MISSING: no Signature, or an empty placeholder', async () => {
    expectRejected(await verify(buildEdxmlPackage()), 'SIG_MISSING');
    const placeholder = buildEdxmlPackage().replace(
      '</edXML:edXMLHeader>',
      '<Signature/></edXML:edXMLHeader>',
    );
    const verdict = await verify(placeholder);
    expectRejected(verdict, 'SIG_MISSING');
    expect(verdict.evidence.signatureElement).toBe('edxml');
  });

  it('SIG_INVALID: a SignatureValue that does not verify', async () => {
    const xml = fx
      .signed()
      .replace(/<SignatureValue>(.)/, (_m, c: string) => `<SignatureValue>${c === 'A' ? 'B' : 'A'}`);
    expectRejected(await verify(xml), 'SIG_INVALID');
  });

  it('SIG_INVALID: signed by one key, KeyInfo naming another certificate', async () => {
    const xml = fx.signed({ signer: fx.pki.agencies.valid, certificates: [fx.pki.intermediate] });
    expectRejected(await verify(xml), 'SIG_INVALID');
  });

  it('SIG_INVALID: not well-formed XML, and a DTD', async () => {
    expectRejected(await verify(fx.signed().replace('</edXML:Subject>', '</edXML:Subjec>')), 'SIG_INVALID');
    const withDtd = fx
      .signed()
      .replace('<edXML xmlns', '<!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]><edXML xmlns');
    const verdict = await verify(withDtd);
    expectRejected(verdict, 'SIG_INVALID');
    expect(verdict.outcome === 'rejected' && verdict.detail).toMatch(/DTD/);
  });

  it('SIG_DIGEST_MISMATCH: one byte of a header field changed', async () => {
    const xml = fx.signed();
    const tampered = xml.replace('<edXML:CodeNumber>7816<', '<edXML:CodeNumber>7817<');
    expect(tampered).not.toBe(xml);
    expectRejected(await verify(tampered), 'SIG_DIGEST_MISMATCH');
  });

  it('SIG_DIGEST_MISMATCH: one byte of the attachment changed (also in the edXML-namespace form)', async () => {
    for (const signatureNamespace of ['xmldsig', 'edxml'] as const) {
      const xml = fx.signed({ signatureNamespace });
      const at = xml.indexOf('<ContentTransferEncoded>') + '<ContentTransferEncoded>'.length + 40;
      const tampered = xml.slice(0, at) + (xml[at] === 'Q' ? 'R' : 'Q') + xml.slice(at + 1);
      expectRejected(await verify(tampered), 'SIG_DIGEST_MISMATCH');
    }
  });

  it('SIG_ALGORITHM_FORBIDDEN: an algorithm outside the allow-list', async () => {
    const xml = fx
      .signed()
      .replace(
        'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
        'http://www.w3.org/2001/04/xmldsig-more#rsa-md5',
      );
    const verdict = await verify(xml);
    expectRejected(verdict, 'SIG_ALGORITHM_FORBIDDEN');
    expect(verdict.evidence.signatureAlgorithm).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-md5');
  });

  it('CERT_UNTRUSTED: a chain to a CA that is not a trust anchor', async () => {
    const xml = fx.signed({
      signer: fx.pki.agencies.untrusted,
      certificates: [fx.pki.agencies.untrusted, fx.pki.rogueRoot],
    });
    expectRejected(await verify(xml), 'CERT_UNTRUSTED');
  });

  it('CERT_UNTRUSTED: a certificate whose key usage does not allow signing', async () => {
    expectRejected(await verify(fx.signed({ signer: fx.pki.agencies.noSigningKeyUsage })), 'CERT_UNTRUSTED');
  });

  it('CERT_EXPIRED and CERT_NOT_YET_VALID at the receipt time', async () => {
    expectRejected(await verify(fx.signed({ signer: fx.pki.agencies.expired })), 'CERT_EXPIRED');
    expectRejected(await verify(fx.signed({ signer: fx.pki.agencies.notYetValid })), 'CERT_NOT_YET_VALID');
    // The same certificate was valid at an earlier instant.
    const expiredAt = fx.pki.agencies.expired.certificate.notAfter.getTime();
    expect(
      (await verify(fx.signed({ signer: fx.pki.agencies.expired }), { at: new Date(expiredAt - 86_400_000) }))
        .outcome,
    ).toBe('verified');
  });

  it('CERT_REVOKED: listed in the served CRL', async () => {
    const verdict = await verify(fx.signed({ signer: fx.pki.agencies.revoked }));
    expectRejected(verdict, 'CERT_REVOKED');
    expect(verdict.evidence.revocation?.source).toBe('crl');
  });

  it('CERT_AGENCY_MISMATCH: a valid signature from another agency, unless a fingerprint mapping binds it', async () => {
    const xml = fx.signed({ signer: fx.pki.agencies.wrongAgency });
    const verdict = await verify(xml);
    expectRejected(verdict, 'CERT_AGENCY_MISMATCH');
    expect(verdict.evidence.boundAgencyCode).toBe(TEST_AGENCY.other);
    const fingerprint = createHash('sha256')
      .update(fx.pki.agencies.wrongAgency.der)
      .digest('hex')
      .toUpperCase();
    const mapped = {
      ...fx.deps,
      agencyBinding: { fingerprintToAgency: { [fingerprint]: TEST_AGENCY.sender } },
    };
    expect((await verify(xml, {}, mapped)).outcome).toBe('verified');
    expectRejected(await verify(xml, { senderCode: '000.00.00.H29' }), 'CERT_AGENCY_MISMATCH');
  });
});

describe('signature wrapping', () => {
  const signature = (xml: string) => /<Signature[\s\S]*<\/Signature>/.exec(xml)?.[0] ?? '';

  it('the Signature moved out of edXMLHeader (still cryptographically valid) is SIG_WRAPPING', async () => {
    const xml = fx.signed();
    const sig = signature(xml);
    for (const target of ['<edXML:edXMLBody>', '<AttachmentEncoded>', '<edXML:TraceHeaderList>']) {
      const moved = xml.replace(sig, '').replace(target, `${target}${sig}`);
      expectRejected(await verify(moved), 'SIG_WRAPPING');
    }
  });

  it('a second Signature is SIG_WRAPPING', async () => {
    const xml = fx.signed();
    const doubled = xml.replace('<AttachmentEncoded>', `<AttachmentEncoded>${signature(xml)}`);
    expectRejected(await verify(doubled), 'SIG_WRAPPING');
  });

  it('a Reference that is not URI="" with the enveloped transform is SIG_WRAPPING', async () => {
    const xml = fx.signed();
    expectRejected(
      await verify(xml.replace('<Reference URI="">', '<Reference URI="#body">')),
      'SIG_WRAPPING',
    );
    expectRejected(await verify(xml.replace('<Reference URI="">', '<Reference>')), 'SIG_WRAPPING');
    expectRejected(
      await verify(
        xml.replace(
          /<Transform Algorithm="http:\/\/www.w3.org\/2000\/09\/xmldsig#enveloped-signature"\/>/,
          '',
        ),
      ),
      'SIG_WRAPPING',
    );
    const twoReferences = xml.replace(/(<Reference URI="">[\s\S]*?<\/Reference>)/, '$1$1');
    expectRejected(await verify(twoReferences), 'SIG_WRAPPING');
  });
});

import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  buildEdxmlPackage,
  C14nVariant,
  insertSignatureTemplate,
  SignatureAlgorithmName,
} from './test-support/test-pki';
import { createVerificationFixture, VerificationFixture } from './test-support/verification-fixture';
import { verifyPackageSignature } from './verify-package-signature';

// Interoperability with xmlsec1 (Debian package `xmlsec1`), run as a child process, both ways.
const run = promisify(execFile);
let fx: VerificationFixture;
let dir: string;
beforeAll(async () => {
  fx = await createVerificationFixture();
  dir = fx.pki.writeToTempDir();
});
afterAll(() => fx.pki.close());

const C14N: C14nVariant[] = ['inclusive', 'inclusiveWithComments', 'exclusive', 'exclusiveWithComments'];
const ALGORITHMS: SignatureAlgorithmName[] = [
  'rsa-sha1',
  'rsa-sha256',
  'rsa-sha384',
  'rsa-sha512',
  'ecdsa-sha256',
  'ecdsa-sha384',
];
const cases = ALGORITHMS.flatMap((algorithm) => C14N.map((c14n) => ({ algorithm, c14n })));
const signerFor = (algorithm: SignatureAlgorithmName) =>
  algorithm.startsWith('ecdsa') ? fx.pki.agencies.validEc : fx.pki.agencies.valid;

async function xmlsecVerify(file: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stderr } = await run('xmlsec1', [
      '--verify',
      '--enabled-reference-uris',
      'empty',
      '--trusted-pem',
      join(dir, 'root-ca.pem'),
      '--untrusted-pem',
      join(dir, 'intermediate-ca.pem'),
      file,
    ]);
    return { ok: true, output: stderr };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr ?? error) };
  }
}

describe('packages signed by the test helper verify with xmlsec1 --verify', () => {
  test.each(cases)('$algorithm, $c14n', async ({ algorithm, c14n }) => {
    const file = join(dir, `helper-${algorithm}-${c14n}.edxml`);
    const signed = fx.signed({ signer: signerFor(algorithm), algorithm, c14n });
    writeFileSync(file, signed);
    const result = await xmlsecVerify(file);
    expect(result).toMatchObject({ ok: true });
    expect(result.output).toMatch(/^OK/m);
  });

  it('xmlsec1 rejects the same package with one header byte changed (the check is meaningful)', async () => {
    const file = join(dir, 'helper-tampered.edxml');
    writeFileSync(file, fx.signed().replace('<edXML:CodeNumber>7816<', '<edXML:CodeNumber>7817<'));
    expect((await xmlsecVerify(file)).ok).toBe(false);
  });
});

describe('packages signed by xmlsec1 --sign verify with our verifier', () => {
  test.each(cases)('$algorithm, $c14n', async ({ algorithm, c14n }) => {
    const signer = signerFor(algorithm);
    const template = join(dir, `template-${algorithm}-${c14n}.edxml`);
    const output = join(dir, `xmlsec-${algorithm}-${c14n}.edxml`);
    writeFileSync(template, insertSignatureTemplate(buildEdxmlPackage(), { algorithm, c14n }));
    const keyAndCerts = [`${signer.name}.key.pem`, `${signer.name}.pem`, 'intermediate-ca.pem']
      .map((f) => join(dir, f))
      .join(',');
    await run('xmlsec1', ['--sign', '--privkey-pem', keyAndCerts, '--output', output, template]);
    const bytes = readFileSync(output);
    expect(bytes.toString()).toMatch(/<X509Certificate>/);

    const verdict = await verifyPackageSignature(
      bytes,
      { ...fx.context, allowLegacySha1: algorithm === 'rsa-sha1' },
      fx.deps,
    );
    expect(verdict).toMatchObject({
      outcome: 'verified',
      evidence: { signatureElement: 'xmldsig', boundAgencyCode: fx.context.senderCode },
    });
    expect(verdict.evidence.signer?.subject).toContain(`CN=${signer.name}`);

    const tampered = Buffer.from(
      bytes.toString().replace('<edXML:CodeNumber>7816<', '<edXML:CodeNumber>7817<'),
    );
    expect(await verifyPackageSignature(tampered, fx.context, fx.deps)).toMatchObject({
      outcome: 'rejected',
    });
  });
});

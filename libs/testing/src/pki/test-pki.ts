import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import {
  generateTestKeyPair,
  IssuedCertificate,
  issueCertificate,
  signingAlgorithmFor,
  TestKeyPair,
} from './certificate-factory';
import { LoopbackCrlServer } from './crl-server';

const DAY = 24 * 3600 * 1000;
const AGENCY_KEY_USAGE = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
const CA_KEY_USAGE = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;

/** Agency codes used by the test PKI's certificates (from domain.md section 3). */
export const TEST_AGENCY = {
  /** Văn phòng Chính phủ: the sender of the default test package. */
  sender: '000.00.00.G22',
  /** UBND Tỉnh Nghệ An: the agency the "wrong agency" certificate belongs to. */
  other: '000.00.00.H41',
} as const;

/** The agency certificates of the test PKI, one per case the verifier must tell apart. */
export interface TestAgencyCertificates {
  /** RSA-2048, valid now, bound to {@link TEST_AGENCY.sender}. */
  valid: IssuedCertificate;
  /** ECDSA P-256, valid now, same agency. */
  validEc: IssuedCertificate;
  /** Expired 30 days ago. */
  expired: IssuedCertificate;
  /** Valid from 30 days in the future. */
  notYetValid: IssuedCertificate;
  /** Valid but listed in the intermediate's CRL (revoked a day ago). */
  revoked: IssuedCertificate;
  /** Valid, bound to {@link TEST_AGENCY.other}. */
  wrongAgency: IssuedCertificate;
  /** Valid, expires in 10 days (for expiry alerts). */
  expiringSoon: IssuedCertificate;
  /** Key usage keyEncipherment only: must not sign documents. */
  noSigningKeyUsage: IssuedCertificate;
  /** Issued by a CA that is not a trust anchor. */
  untrusted: IssuedCertificate;
}

/** A per-run test PKI: root CA, intermediate CA, agency certificates, CRLs served on loopback. */
export interface TestPki {
  root: IssuedCertificate;
  intermediate: IssuedCertificate;
  /** A CA that is not in the trust store (issuer of `agencies.untrusted`). */
  rogueRoot: IssuedCertificate;
  agencies: TestAgencyCertificates;
  crlServer: LoopbackCrlServer;
  /** The trust anchors as a PEM bundle (the root only). */
  trustAnchorsPem: string;
  /**
   * Re-issues and serves both CRLs (root's, listing nothing; intermediate's, listing `agencies.revoked`).
   * `nextUpdate` defaults to one day after `thisUpdate`.
   */
  publishCrls(options?: { thisUpdate?: Date; nextUpdate?: Date }): Promise<void>;
  /** Writes every certificate (`<name>.pem`) and key (`<name>.key.pem`) to a new temporary directory. */
  writeToTempDir(): string;
  /** Stops the CRL server and removes temporary directories. */
  close(): Promise<void>;
}

/** Options for {@link createTestPki}. */
export interface TestPkiOptions {
  /** The instant validity periods are computed from (default: now). */
  now?: Date;
}

/**
 * Generates a fresh PKI for one test run (about a second: three RSA-2048 keys). Agency certificates
 * carry the agency code in the subject `OU` attribute, a CRL distribution point and an OCSP URL on
 * the loopback server. Call `close()` when done.
 */
export async function createTestPki(options: TestPkiOptions = {}): Promise<TestPki> {
  const now = options.now ?? new Date();
  const crlServer = await new LoopbackCrlServer().start();
  const [rootKey, intermediateKey, agencyRsaKey, agencyEcKey, rogueKey] = await Promise.all([
    generateTestKeyPair('rsa'),
    generateTestKeyPair('rsa'),
    generateTestKeyPair('rsa'),
    generateTestKeyPair('ec'),
    generateTestKeyPair('ec'),
  ]);
  const at = (days: number) => new Date(now.getTime() + days * DAY);

  const root = await issueCertificate({
    name: 'root-ca',
    subject: 'CN=Test Root CA (Ban Co yeu Chinh phu - test), O=Test PKI, C=VN',
    key: rootKey,
    notBefore: at(-3650),
    notAfter: at(3650),
    ca: {},
    keyUsage: CA_KEY_USAGE,
  });
  const intermediate = await issueCertificate({
    name: 'intermediate-ca',
    subject: 'CN=Test Agency CA, O=Test PKI, C=VN',
    key: intermediateKey,
    issuer: root,
    notBefore: at(-1825),
    notAfter: at(1825),
    ca: { pathLength: 0 },
    keyUsage: CA_KEY_USAGE,
    crlUrl: crlServer.crlUrl('root-ca'),
  });
  const rogueRoot = await issueCertificate({
    name: 'rogue-ca',
    subject: 'CN=Test Agency CA, O=Rogue PKI, C=VN',
    key: rogueKey,
    notBefore: at(-365),
    notAfter: at(365),
    ca: {},
    keyUsage: CA_KEY_USAGE,
  });

  const agency = (
    name: string,
    key: TestKeyPair,
    notBefore: Date,
    notAfter: Date,
    agencyCode: string = TEST_AGENCY.sender,
    issuer: IssuedCertificate = intermediate,
    keyUsage: x509.KeyUsageFlags = AGENCY_KEY_USAGE,
  ) =>
    issueCertificate({
      name,
      agencyCode,
      subject: `CN=${name}, OU=${agencyCode}, O=Test agency, L=Ha Noi, C=VN`,
      key,
      issuer,
      notBefore,
      notAfter,
      keyUsage,
      crlUrl: crlServer.crlUrl(issuer.name),
      ocspUrl: `${crlServer.baseUrl}/ocsp`,
    });
  const agencies: TestAgencyCertificates = {
    valid: await agency('agency-valid', agencyRsaKey, at(-1), at(365)),
    validEc: await agency('agency-valid-ec', agencyEcKey, at(-1), at(365)),
    expired: await agency('agency-expired', agencyRsaKey, at(-400), at(-30)),
    notYetValid: await agency('agency-not-yet-valid', agencyRsaKey, at(30), at(400)),
    revoked: await agency('agency-revoked', agencyRsaKey, at(-10), at(365)),
    wrongAgency: await agency('agency-wrong-agency', agencyRsaKey, at(-1), at(365), TEST_AGENCY.other),
    expiringSoon: await agency('agency-expiring-soon', agencyRsaKey, at(-300), at(10)),
    noSigningKeyUsage: await agency(
      'agency-no-signing-key-usage',
      agencyRsaKey,
      at(-1),
      at(365),
      TEST_AGENCY.sender,
      intermediate,
      x509.KeyUsageFlags.keyEncipherment,
    ),
    untrusted: await agency('agency-untrusted', agencyEcKey, at(-1), at(365), TEST_AGENCY.sender, rogueRoot),
  };

  const publishCrls = async (crlOptions: { thisUpdate?: Date; nextUpdate?: Date } = {}) => {
    const thisUpdate = crlOptions.thisUpdate ?? new Date(Date.now() - 60_000);
    const nextUpdate = crlOptions.nextUpdate ?? new Date(thisUpdate.getTime() + DAY);
    const crl = (issuer: IssuedCertificate, revoked: IssuedCertificate[]) =>
      x509.X509CrlGenerator.create({
        issuer: issuer.certificate.subject,
        thisUpdate,
        nextUpdate,
        entries: revoked.map((cert) => ({
          serialNumber: cert.certificate.serialNumber,
          revocationDate: at(-1),
          reason: x509.X509CrlReason.keyCompromise,
        })),
        signingKey: issuer.key.cryptoKeys.privateKey,
        signingAlgorithm: signingAlgorithmFor(issuer.key),
      });
    crlServer.publish('root-ca', Buffer.from((await crl(root, [])).rawData));
    crlServer.publish('intermediate-ca', Buffer.from((await crl(intermediate, [agencies.revoked])).rawData));
    crlServer.publish('rogue-ca', Buffer.from((await crl(rogueRoot, [])).rawData));
  };
  await publishCrls();

  const tempDirs: string[] = [];
  return {
    root,
    intermediate,
    rogueRoot,
    agencies,
    crlServer,
    trustAnchorsPem: root.pem,
    publishCrls,
    writeToTempDir() {
      const dir = mkdtempSync(join(tmpdir(), 'lt-test-pki-'));
      tempDirs.push(dir);
      for (const cert of [root, intermediate, rogueRoot, ...Object.values(agencies)]) {
        writeFileSync(join(dir, `${cert.name}.pem`), cert.pem);
        writeFileSync(join(dir, `${cert.name}.key.pem`), cert.key.privateKeyPem);
      }
      return dir;
    },
    async close() {
      await crlServer.close();
      for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

import 'reflect-metadata';
import { KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as webcrypto.Crypto);

/** Key algorithms the test PKI issues certificates for. */
export type TestKeyType = 'rsa' | 'ec';

/** A generated key pair, usable both by WebCrypto (certificate/CRL generation) and node:crypto (XML signing). */
export interface TestKeyPair {
  type: TestKeyType;
  cryptoKeys: webcrypto.CryptoKeyPair;
  privateKey: KeyObject;
  privateKeyPem: string;
}

/** A certificate issued by the test PKI together with its private key. */
export interface IssuedCertificate {
  /** Short name used in tests and file names, e.g. `agency-valid`. */
  name: string;
  /** The agency code written into the subject OU, when the certificate belongs to an agency. */
  agencyCode?: string;
  certificate: x509.X509Certificate;
  pem: string;
  der: Buffer;
  /** Base64 of the DER, as it appears in `X509Certificate` elements. */
  base64: string;
  key: TestKeyPair;
}

const RSA_PARAMS: webcrypto.RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};
const EC_PARAMS: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };

/** Generates an RSA-2048 or ECDSA P-256 key pair (RSA takes a few hundred ms: generate once per suite). */
export async function generateTestKeyPair(type: TestKeyType): Promise<TestKeyPair> {
  const cryptoKeys = (await webcrypto.subtle.generateKey(type === 'rsa' ? RSA_PARAMS : EC_PARAMS, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const privateKey = KeyObject.from(cryptoKeys.privateKey as unknown as webcrypto.CryptoKey);
  return {
    type,
    cryptoKeys,
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The certificate-signing algorithm WebCrypto needs for an issuer key. */
export function signingAlgorithmFor(key: TestKeyPair): webcrypto.Algorithm | webcrypto.EcdsaParams {
  return key.type === 'rsa'
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
    : { name: 'ECDSA', hash: 'SHA-256' };
}

/** What to put into a certificate issued by {@link issueCertificate}. */
export interface CertificateRequest {
  name: string;
  subject: string;
  agencyCode?: string;
  key: TestKeyPair;
  notBefore: Date;
  notAfter: Date;
  /** The issuer; omit for a self-signed root. */
  issuer?: IssuedCertificate;
  ca?: { pathLength?: number };
  keyUsage: x509.KeyUsageFlags;
  crlUrl?: string;
  ocspUrl?: string;
  serialNumber?: string;
}

/** Issues one X.509 certificate with the extensions a government PKI sets (BC, KU, SKI/AKI, CRL DP, AIA). */
export async function issueCertificate(request: CertificateRequest): Promise<IssuedCertificate> {
  const publicKey = request.key.cryptoKeys.publicKey;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(!!request.ca, request.ca?.pathLength, true),
    new x509.KeyUsagesExtension(request.keyUsage, true),
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
  ];
  const issuerKey = request.issuer?.key ?? request.key;
  if (request.issuer) {
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(request.issuer.certificate));
  }
  if (request.crlUrl) extensions.push(new x509.CRLDistributionPointsExtension([request.crlUrl]));
  if (request.ocspUrl) extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: [request.ocspUrl] }));
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: request.serialNumber ?? randomSerial(),
    subject: request.subject,
    issuer: request.issuer ? request.issuer.certificate.subject : request.subject,
    notBefore: request.notBefore,
    notAfter: request.notAfter,
    publicKey,
    signingKey: issuerKey.cryptoKeys.privateKey,
    signingAlgorithm: signingAlgorithmFor(issuerKey),
    extensions,
  });
  const der = Buffer.from(certificate.rawData);
  return {
    name: request.name,
    agencyCode: request.agencyCode,
    certificate,
    pem: certificate.toString('pem'),
    der,
    base64: der.toString('base64'),
    key: request.key,
  };
}

/** A random positive 16-byte serial number in hex (the high bit cleared so DER keeps it positive). */
export function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}

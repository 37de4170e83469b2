import 'reflect-metadata';
import { createHash, webcrypto, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as webcrypto.Crypto);

/** A parsed certificate with what chain validation, revocation and agency binding read from it. */
export interface CertificateInfo {
  der: Buffer;
  /** node:crypto view: fast signature checks and issuer matching. */
  node: X509Certificate;
  /** @peculiar/x509 view: extensions and subject attributes. */
  parsed: x509.X509Certificate;
  subject: string;
  issuer: string;
  /** Upper-case hex, as X.509 tools print it. */
  serialNumber: string;
  /** Lower-case hex SHA-256 of the DER, no separators. */
  sha256Fingerprint: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  pathLength?: number;
  /** KeyUsage bit flags (x509.KeyUsageFlags), undefined when the extension is absent. */
  keyUsage?: number;
  crlUrls: string[];
  ocspUrls: string[];
}

const cache = new Map<string, CertificateInfo>();
const CACHE_LIMIT = 10_000;

/**
 * Parses a DER, base64 or PEM certificate. Results are cached by content, because the same agency
 * certificates arrive in every package. Throws on malformed input.
 */
export function parseCertificate(input: Buffer | string): CertificateInfo {
  const der = toDer(input);
  const key = createHash('sha256').update(der).digest('hex');
  const cached = cache.get(key);
  if (cached) return cached;
  const node = new X509Certificate(der);
  const parsed = new x509.X509Certificate(new Uint8Array(der));
  const basic = parsed.getExtension(x509.BasicConstraintsExtension);
  const keyUsage = parsed.getExtension(x509.KeyUsagesExtension);
  const crl = parsed.getExtension(x509.CRLDistributionPointsExtension);
  const aia = parsed.getExtension(x509.AuthorityInfoAccessExtension);
  const info: CertificateInfo = {
    der,
    node,
    parsed,
    subject: parsed.subject,
    issuer: parsed.issuer,
    serialNumber: node.serialNumber.toUpperCase(),
    sha256Fingerprint: key,
    notBefore: parsed.notBefore,
    notAfter: parsed.notAfter,
    isCa: !!basic?.ca,
    pathLength: basic?.pathLength,
    keyUsage: keyUsage?.usages,
    crlUrls: (crl?.distributionPoints ?? [])
      .flatMap((point) => point.distributionPoint?.fullName ?? [])
      .map((name) => name.uniformResourceIdentifier)
      .filter((uri): uri is string => !!uri && /^https?:\/\//i.test(uri)),
    ocspUrls: (aia?.ocsp ?? []).filter((name) => name.type === 'url').map((name) => name.value),
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, info);
  return info;
}

/** Parses every certificate in a PEM bundle (non-certificate blocks are ignored). */
export function parsePemBundle(pem: string): CertificateInfo[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => parseCertificate(block));
}

/** Values of a subject attribute (short name such as `OU`, or an OID such as `2.5.4.5`). */
export function subjectAttribute(cert: CertificateInfo, attribute: string): string[] {
  return cert.parsed.subjectName.getField(attribute);
}

function toDer(input: Buffer | string): Buffer {
  if (Buffer.isBuffer(input)) return input;
  const base64 = input.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new Error('certificate is not base64');
  return Buffer.from(base64, 'base64');
}

import 'reflect-metadata';
import { KeyUsageFlags } from '@peculiar/x509';
import { SignatureRejection } from '../signature-verdict';
import { CertificateInfo } from './certificate-info';
import { TrustStore } from './trust-store';

const MAX_CHAIN_LENGTH = 6;

/**
 * Builds the chain from the signer to a trust anchor, trying as issuers the certificates the package
 * carries and the store's intermediates, then validates it at `at`: each certificate within its
 * validity (CERT_EXPIRED / CERT_NOT_YET_VALID), every issuer a CA allowed to sign certificates
 * (basic constraints, path length, keyCertSign), the signer allowed to sign documents (keyUsage
 * digitalSignature or nonRepudiation). No path to an anchor is CERT_UNTRUSTED.
 * Returns the chain, signer first, anchor last.
 */
export function validateChain(
  signer: CertificateInfo,
  carried: readonly CertificateInfo[],
  trustStore: TrustStore,
  at: Date,
): CertificateInfo[] {
  const candidates = dedupe([...trustStore.anchors(), ...carried, ...trustStore.intermediates()]);
  const chain = buildPath([signer], candidates, trustStore);
  if (!chain) {
    throw new SignatureRejection(
      'CERT_UNTRUSTED',
      `no chain from "${signer.subject}" (issuer "${signer.issuer}") to a trust anchor`,
    );
  }
  chain.forEach((cert, index) => checkValidity(cert, index === 0 ? 'signer' : 'issuing CA', at));
  chain.slice(1).forEach((issuer, index) => checkIssuerConstraints(issuer, index));
  if (
    signer.keyUsage !== undefined &&
    !(signer.keyUsage & (KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation))
  ) {
    throw new SignatureRejection(
      'CERT_UNTRUSTED',
      'the signer certificate key usage allows neither digitalSignature nor nonRepudiation',
    );
  }
  return chain;
}

function buildPath(
  path: CertificateInfo[],
  candidates: CertificateInfo[],
  trustStore: TrustStore,
): CertificateInfo[] | undefined {
  const current = path[path.length - 1];
  if (trustStore.isAnchor(current)) return path;
  if (path.length >= MAX_CHAIN_LENGTH) return undefined;
  for (const issuer of candidates) {
    if (path.some((cert) => cert.sha256Fingerprint === issuer.sha256Fingerprint)) continue;
    if (!signedBy(current, issuer)) continue;
    const found = buildPath([...path, issuer], candidates, trustStore);
    if (found) return found;
  }
  return undefined;
}

// The same few agency/CA pairs recur in every package: remember each pair's signature check.
const signatureChecks = new Map<string, boolean>();

function signedBy(cert: CertificateInfo, issuer: CertificateInfo): boolean {
  const key = `${cert.sha256Fingerprint}:${issuer.sha256Fingerprint}`;
  let result = signatureChecks.get(key);
  if (result === undefined) {
    try {
      result = cert.node.checkIssued(issuer.node) && cert.node.verify(issuer.node.publicKey);
    } catch {
      result = false;
    }
    if (signatureChecks.size >= 10_000) signatureChecks.clear();
    signatureChecks.set(key, result);
  }
  return result;
}

function checkValidity(cert: CertificateInfo, role: string, at: Date): void {
  if (at < cert.notBefore) {
    throw new SignatureRejection(
      'CERT_NOT_YET_VALID',
      `${role} certificate "${cert.subject}" is valid from ${cert.notBefore.toISOString()}`,
    );
  }
  if (at > cert.notAfter) {
    throw new SignatureRejection(
      'CERT_EXPIRED',
      `${role} certificate "${cert.subject}" expired ${cert.notAfter.toISOString()}`,
    );
  }
}

function checkIssuerConstraints(issuer: CertificateInfo, intermediatesBelow: number): void {
  if (!issuer.isCa)
    throw new SignatureRejection(
      'CERT_UNTRUSTED',
      `"${issuer.subject}" is not a CA (basic constraints) but issued a certificate`,
    );
  if (issuer.pathLength !== undefined && intermediatesBelow > issuer.pathLength) {
    throw new SignatureRejection(
      'CERT_UNTRUSTED',
      `"${issuer.subject}" path length constraint ${issuer.pathLength} exceeded`,
    );
  }
  if (issuer.keyUsage !== undefined && !(issuer.keyUsage & KeyUsageFlags.keyCertSign)) {
    throw new SignatureRejection(
      'CERT_UNTRUSTED',
      `"${issuer.subject}" key usage does not allow keyCertSign`,
    );
  }
}

function dedupe(certs: CertificateInfo[]): CertificateInfo[] {
  const seen = new Set<string>();
  return certs.filter((cert) => !seen.has(cert.sha256Fingerprint) && !!seen.add(cert.sha256Fingerprint));
}

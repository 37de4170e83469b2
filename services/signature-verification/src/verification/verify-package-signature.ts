import type { SignatureEvidence } from '@lt/contracts';
import { agencyCodesOf } from './agency/agency-binding';
import { CertificateInfo, parseCertificate } from './certificates/certificate-info';
import { validateChain } from './certificates/validate-chain';
import { RevocationAnswer } from './revocation/revocation-checker';
import {
  SignatureRejection,
  SignatureVerdict,
  VerificationContext,
  VerificationDeps,
} from './signature-verdict';
import { canonicalSignedInfo, checkReferenceDigest, signatureValueMatches } from './xml/check-xml-signature';
import {
  checkAlgorithms,
  findSignatureElement,
  readSignatureStructure,
  SignatureStructure,
} from './xml/locate-signature';
import { parsePackageXml } from './xml/parse-package-xml';
import { DIGEST_METHODS, SIGNATURE_METHODS } from './xml/xml-signature-algorithms';
import type { Document } from '@xmldom/xmldom';

/**
 * Verifies the envelope signature of an edXML package, on the bytes as received, and returns a verdict
 * with evidence. Checks run in this order and the first failure is the verdict: XML (SIG_INVALID),
 * presence (SIG_MISSING), shape (SIG_WRAPPING), algorithms (SIG_ALGORITHM_FORBIDDEN), SignatureValue
 * (SIG_INVALID), Reference digest (SIG_DIGEST_MISMATCH), chain and validity (CERT_UNTRUSTED,
 * CERT_NOT_YET_VALID, CERT_EXPIRED), agency binding (CERT_AGENCY_MISMATCH), revocation (CERT_REVOKED,
 * CERT_REVOCATION_UNKNOWN). Policy `off` skips everything; `optional` returns the real verdict (the
 * caller decides not to block). Never throws for anything in the package.
 */
export async function verifyPackageSignature(
  bytes: Buffer,
  context: VerificationContext,
  deps: VerificationDeps,
): Promise<SignatureVerdict> {
  const evidence: SignatureEvidence = { policy: context.policy };
  if (context.policy === 'off') {
    return {
      outcome: 'verified',
      evidence: { ...evidence, skippedBecause: 'signature policy is off for this agency' },
    };
  }
  try {
    await runChecks(bytes, context, deps, evidence);
    return { outcome: 'verified', evidence };
  } catch (error) {
    if (error instanceof SignatureRejection) {
      return { outcome: 'rejected', reason: error.reason, detail: error.detail, evidence };
    }
    // Deterministic failures on hostile input (library errors): a rejection, never a crash.
    const message = error instanceof Error ? error.message : String(error);
    return {
      outcome: 'rejected',
      reason: 'SIG_INVALID',
      detail: `signature could not be processed: ${message}`,
      evidence,
    };
  }
}

async function runChecks(
  bytes: Buffer,
  context: VerificationContext,
  deps: VerificationDeps,
  evidence: SignatureEvidence,
): Promise<void> {
  evidence.signatureElement = 'none';
  const doc = parsePackageXml(bytes);
  const found = findSignatureElement(doc);
  evidence.signatureElement = found.namespace;
  const structure = readSignatureStructure(doc, found);
  recordAlgorithms(structure, evidence);
  checkAlgorithms(structure, context.allowLegacySha1);

  const carried = parseCarriedCertificates(structure);
  const signer = findSigner(doc, structure, carried);
  evidence.signer = {
    subject: signer.subject,
    issuer: signer.issuer,
    serialNumber: signer.serialNumber,
    sha256Fingerprint: signer.sha256Fingerprint,
    notBefore: signer.notBefore.toISOString(),
    notAfter: signer.notAfter.toISOString(),
  };
  checkReferenceDigest(doc, structure);

  const chain = validateChain(signer, carried, deps.trustStore, context.at);
  evidence.chain = chain.map((cert) => cert.sha256Fingerprint);

  const agencyCodes = agencyCodesOf(signer, deps.agencyBinding);
  evidence.boundAgencyCode = agencyCodes.includes(context.senderCode) ? context.senderCode : agencyCodes[0];
  if (evidence.boundAgencyCode !== context.senderCode) {
    throw new SignatureRejection(
      'CERT_AGENCY_MISMATCH',
      agencyCodes.length === 0
        ? `the signer certificate names no agency code; the sender is ${context.senderCode}`
        : `the signer certificate belongs to ${agencyCodes.join(', ')}, the sender is ${context.senderCode}`,
    );
  }

  await checkRevocation(chain, context.at, deps, evidence);
}

function recordAlgorithms(structure: SignatureStructure, evidence: SignatureEvidence): void {
  evidence.signatureAlgorithm =
    SIGNATURE_METHODS[structure.signatureMethodUri]?.name ?? structure.signatureMethodUri;
  evidence.digestAlgorithm = DIGEST_METHODS[structure.digestMethodUri]?.name ?? structure.digestMethodUri;
  evidence.canonicalization =
    structure.canonicalizationUri === structure.referenceC14nUri
      ? structure.canonicalizationUri
      : `SignedInfo ${structure.canonicalizationUri}; Reference ${structure.referenceC14nUri}`;
}

function parseCarriedCertificates(structure: SignatureStructure): CertificateInfo[] {
  if (structure.certificatesBase64.length === 0) {
    throw new SignatureRejection(
      'SIG_INVALID',
      'KeyInfo carries no X509Certificate: the signer cannot be identified',
    );
  }
  return structure.certificatesBase64.map((base64, index) => {
    try {
      return parseCertificate(base64);
    } catch (error) {
      throw new SignatureRejection(
        'SIG_INVALID',
        `KeyInfo X509Certificate #${index + 1} cannot be parsed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
}

/** The signer is the carried certificate whose key verifies the SignatureValue (KeyInfo order varies between producers). */
function findSigner(
  doc: Document,
  structure: SignatureStructure,
  carried: CertificateInfo[],
): CertificateInfo {
  const keyType = SIGNATURE_METHODS[structure.signatureMethodUri].keyType;
  const signedInfo = canonicalSignedInfo(doc, structure);
  const signer = carried.find(
    (cert) =>
      cert.node.publicKey.asymmetricKeyType === keyType &&
      signatureValueMatches(signedInfo, structure, cert.node.publicKey),
  );
  if (!signer) {
    throw new SignatureRejection(
      'SIG_INVALID',
      'the SignatureValue does not verify with the key of any KeyInfo certificate',
    );
  }
  return signer;
}

async function checkRevocation(
  chain: CertificateInfo[],
  at: Date,
  deps: VerificationDeps,
  evidence: SignatureEvidence,
): Promise<void> {
  const answers: RevocationAnswer[] = await Promise.all(
    chain.slice(0, -1).map((cert, index) => deps.revocation.check(cert, chain[index + 1], at)),
  );
  const leaf = answers[0];
  const usedCache = answers.some((answer) => answer.source === 'cache');
  evidence.revocation = {
    source: usedCache ? 'cache' : (leaf?.source ?? 'none'),
    checkedAt: answers
      .map((answer) => answer.checkedAt)
      .filter((date): date is Date => !!date)
      .sort((a, b) => a.getTime() - b.getTime())[0]
      ?.toISOString(),
  };
  const revoked = answers.findIndex((answer) => answer.status === 'revoked');
  if (revoked >= 0)
    throw new SignatureRejection('CERT_REVOKED', `"${chain[revoked].subject}" ${answers[revoked].detail}`);
  const unknown = answers.findIndex((answer) => answer.status === 'unknown');
  if (unknown >= 0) {
    throw new SignatureRejection(
      'CERT_REVOCATION_UNKNOWN',
      `"${chain[unknown].subject}": ${answers[unknown].detail}`,
    );
  }
}

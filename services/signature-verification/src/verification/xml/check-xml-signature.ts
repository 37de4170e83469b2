import { KeyObject } from 'node:crypto';
import { findAncestorNs } from 'xml-crypto';
import { SignatureRejection } from '../signature-verdict';
import { SignatureStructure } from './locate-signature';
import {
  ENVELOPED_SIGNATURE,
  hashAlgorithm,
  signatureAlgorithm,
  transform,
  withoutComments,
} from './xml-signature-algorithms';
import type { Document, Node } from '@xmldom/xmldom';

/**
 * The canonical SignedInfo: the octets the SignatureValue signs. It is canonicalized where it stands,
 * in whatever namespace it is in, so the edXML-namespace form is verified over exactly the bytes the
 * agency SDK signed (its in-scope namespaces included for inclusive c14n).
 */
export function canonicalSignedInfo(doc: Document, structure: SignatureStructure): string {
  // Searched from the Signature element, not the document: an XPath over a 5 MB document costs more than the rest.
  const ancestorNamespaces = findAncestorNs(
    structure.element as unknown as Document,
    "./*[local-name()='SignedInfo']",
  );
  return transform(structure.canonicalizationUri)
    .process(structure.signedInfo, { ancestorNamespaces })
    .toString();
}

/** Verifies the SignatureValue over the canonical SignedInfo with the signer's public key. */
export function signatureValueMatches(
  canonicalSignedInfoXml: string,
  structure: SignatureStructure,
  publicKey: KeyObject,
): boolean {
  try {
    return signatureAlgorithm(structure.signatureMethodUri).verifySignature(
      canonicalSignedInfoXml,
      publicKey,
      structure.signatureValue,
    );
  } catch {
    return false; // malformed signature value or key the algorithm cannot use
  }
}

/**
 * Recomputes the Reference URI="" digest: the document without the Signature (xml-crypto's
 * enveloped-signature transform), canonicalized without comments (a same-document reference never
 * includes them), hashed with the DigestMethod. Throws SIG_DIGEST_MISMATCH when it differs.
 */
export function checkReferenceDigest(doc: Document, structure: SignatureStructure): void {
  const root = doc.documentElement;
  const signature = structure.element;
  const parent = signature.parentNode as Node;
  const next = signature.nextSibling;
  let canonical: string;
  try {
    // The transform detaches the Signature from the live DOM (cheaper than cloning a 5 MB document); it is put back below.
    transform(ENVELOPED_SIGNATURE).process(root, { signatureNode: signature });
    canonical = transform(withoutComments(structure.referenceC14nUri))
      .process(root, { inclusiveNamespacesPrefixList: structure.referenceInclusivePrefixes })
      .toString();
  } finally {
    if (signature.parentNode !== parent) parent.insertBefore(signature, next);
  }
  const computed = Buffer.from(hashAlgorithm(structure.digestMethodUri).getHash(canonical), 'base64');
  const expected = Buffer.from(structure.digestValue, 'base64');
  if (computed.length !== expected.length || !computed.equals(expected)) {
    throw new SignatureRejection(
      'SIG_DIGEST_MISMATCH',
      'the document digest does not match the signed Reference DigestValue',
    );
  }
}

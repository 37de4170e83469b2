import { createHash, createVerify, KeyLike, verify } from 'node:crypto';
import {
  CanonicalizationOrTransformationAlgorithm,
  HashAlgorithm,
  SignatureAlgorithm,
  SignedXml,
} from 'xml-crypto';

export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/** A signature method the hub accepts. `legacy` ones need the agency's allowLegacySha1. */
export interface SignatureMethodSpec {
  name: string;
  keyType: 'rsa' | 'ec';
  legacy: boolean;
}

/** A digest method the hub accepts. */
export interface DigestMethodSpec {
  name: string;
  legacy: boolean;
}

export const SIGNATURE_METHODS: Readonly<Record<string, SignatureMethodSpec>> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': { name: 'RSA-SHA1', keyType: 'rsa', legacy: true },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { name: 'RSA-SHA256', keyType: 'rsa', legacy: false },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': { name: 'RSA-SHA384', keyType: 'rsa', legacy: false },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { name: 'RSA-SHA512', keyType: 'rsa', legacy: false },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256': {
    name: 'ECDSA-SHA256',
    keyType: 'ec',
    legacy: false,
  },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384': {
    name: 'ECDSA-SHA384',
    keyType: 'ec',
    legacy: false,
  },
};

export const DIGEST_METHODS: Readonly<Record<string, DigestMethodSpec>> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': { name: 'SHA-1', legacy: true },
  'http://www.w3.org/2001/04/xmlenc#sha256': { name: 'SHA-256', legacy: false },
  'http://www.w3.org/2001/04/xmldsig-more#sha384': { name: 'SHA-384', legacy: false },
  'http://www.w3.org/2001/04/xmlenc#sha512': { name: 'SHA-512', legacy: false },
};

/**
 * Non-standard identifiers real producers write, read as the standard algorithm they mean: the agency
 * SDKs write `http://www.w3.org/TR/xml-exc-c14n#` (the spec's URL, not its identifier) for exclusive c14n.
 */
export const CANONICALIZATION_ALIASES: Readonly<Record<string, string>> = {
  'http://www.w3.org/TR/xml-exc-c14n#': 'http://www.w3.org/2001/10/xml-exc-c14n#',
};

/** Canonicalization methods accepted for SignedInfo and as the reference's second transform. */
export const CANONICALIZATION_METHODS: ReadonlySet<string> = new Set([
  ...Object.keys(CANONICALIZATION_ALIASES),
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
]);

// --- Plug-ins for the algorithms xml-crypto 6 lacks (registered below through its registries). ---

/** RSA PKCS#1 v1.5 with SHA-384 (xml-crypto ships SHA-1/256/512 only). */
class RsaSha384 implements SignatureAlgorithm {
  getSignature(): never {
    throw new Error('the hub verifies, it does not sign');
  }
  verifySignature(material: string, key: KeyLike, signatureValue: string): boolean {
    return createVerify('RSA-SHA384').update(material).verify(key, signatureValue, 'base64');
  }
  getAlgorithmName() {
    return 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384';
  }
}

/** ECDSA (RFC 4051): the SignatureValue is r || s (IEEE P1363), not a DER SEQUENCE. */
function ecdsa(hash: 'sha256' | 'sha384', uri: string) {
  return class implements SignatureAlgorithm {
    getSignature(): never {
      throw new Error('the hub verifies, it does not sign');
    }
    verifySignature(material: string, key: KeyLike, signatureValue: string): boolean {
      return verify(
        hash,
        Buffer.from(material, 'utf8'),
        { key, dsaEncoding: 'ieee-p1363' } as never,
        Buffer.from(signatureValue, 'base64'),
      );
    }
    getAlgorithmName() {
      return uri;
    }
  };
}

/** SHA-384 digest (xml-crypto ships SHA-1/256/512 only). */
class Sha384 implements HashAlgorithm {
  getHash(xml: string): string {
    return createHash('sha384').update(xml, 'utf8').digest('base64');
  }
  getAlgorithmName() {
    return 'http://www.w3.org/2001/04/xmldsig-more#sha384';
  }
}

const registries = new SignedXml();
registries.SignatureAlgorithms['http://www.w3.org/2001/04/xmldsig-more#rsa-sha384'] = RsaSha384;
registries.SignatureAlgorithms['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256'] = ecdsa(
  'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
);
registries.SignatureAlgorithms['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384'] = ecdsa(
  'sha384',
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384',
);
registries.HashAlgorithms['http://www.w3.org/2001/04/xmldsig-more#sha384'] = Sha384;

/** The implementation of an accepted signature method (xml-crypto's, or our plug-in). */
export function signatureAlgorithm(uri: string): SignatureAlgorithm {
  if (!SIGNATURE_METHODS[uri]) throw new Error(`signature method not accepted: ${uri}`);
  return new registries.SignatureAlgorithms[uri]();
}

/** The implementation of an accepted digest method. */
export function hashAlgorithm(uri: string): HashAlgorithm {
  if (!DIGEST_METHODS[uri]) throw new Error(`digest method not accepted: ${uri}`);
  return new registries.HashAlgorithms[uri]();
}

/** xml-crypto's canonicalizer or transform for `uri` (c14n variants and enveloped-signature). */
export function transform(uri: string): CanonicalizationOrTransformationAlgorithm {
  if (uri !== ENVELOPED_SIGNATURE && !CANONICALIZATION_METHODS.has(uri)) {
    throw new Error(`transform not accepted: ${uri}`);
  }
  return new registries.CanonicalizationAlgorithms[CANONICALIZATION_ALIASES[uri] ?? uri]();
}

/** The same c14n without comments: what a same-document reference (URI="") always gets (XML-DSig 4.4.3.3). */
export function withoutComments(c14nUri: string): string {
  return (CANONICALIZATION_ALIASES[c14nUri] ?? c14nUri)
    .replace(/#WithComments$/, '')
    .replace(/^(http:\/\/www\.w3\.org\/2001\/10\/xml-exc-c14n)$/, '$1#');
}

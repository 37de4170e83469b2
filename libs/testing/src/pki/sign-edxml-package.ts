import { createHash, sign } from 'node:crypto';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import {
  C14nCanonicalization,
  C14nCanonicalizationWithComments,
  ExclusiveCanonicalization,
  ExclusiveCanonicalizationWithComments,
  findAncestorNs,
} from 'xml-crypto';
import { IssuedCertificate } from './certificate-factory';
import {
  C14N,
  C14nVariant,
  ENVELOPED_SIGNATURE_TRANSFORM,
  SIGNATURE_ALGORITHMS,
  SignatureAlgorithmName,
  XMLDSIG_NS,
} from './xml-signature-algorithms';

/** How {@link signEdxmlPackage} signs. */
export interface SignEdxmlOptions {
  signer: IssuedCertificate;
  /** Certificates written to KeyInfo/X509Data, in order; default: the signer only. */
  certificates?: IssuedCertificate[];
  /** Default: rsa-sha256 for RSA keys, ecdsa-sha256 for EC keys. */
  algorithm?: SignatureAlgorithmName;
  /** Canonicalization of SignedInfo and of the reference; default exclusive. */
  c14n?: C14nVariant;
  /**
   * `xmldsig`: `<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">` (standard);
   * `edxml`: an unprefixed `<Signature>` inheriting the edXML default namespace, as the agency SDKs emit it.
   */
  signatureNamespace?: 'xmldsig' | 'edxml';
}

/** Options for {@link insertSignatureTemplate}. */
export interface SignatureTemplateOptions {
  algorithm: SignatureAlgorithmName;
  c14n: C14nVariant;
  signatureNamespace?: 'xmldsig' | 'edxml';
  /** Base64 DER certificates for X509Data; none gives an empty `<X509Data/>` for xmlsec1 to fill. */
  certificatesBase64?: string[];
}

const DIGEST_PLACEHOLDER = '@@DIGEST_VALUE@@';
const SIGNATURE_PLACEHOLDER = '@@SIGNATURE_VALUE@@';
const CANONICALIZERS = {
  inclusive: C14nCanonicalization,
  inclusiveWithComments: C14nCanonicalizationWithComments,
  exclusive: ExclusiveCanonicalization,
  exclusiveWithComments: ExclusiveCanonicalizationWithComments,
} as const;
// A same-document reference (URI="") never includes comments, whatever its c14n says (XML-DSig 4.4.3.3).
const WITHOUT_COMMENTS: Record<C14nVariant, C14nVariant> = {
  inclusive: 'inclusive',
  inclusiveWithComments: 'inclusive',
  exclusive: 'exclusive',
  exclusiveWithComments: 'exclusive',
};

/**
 * Signs an unsigned edXML package the way an agency does: an enveloped XML-DSig signature with one
 * `Reference URI=""` (enveloped-signature transform, then the chosen c14n), placed as the last
 * child of `edXMLEnvelope/edXMLHeader`, with the certificates in KeyInfo/X509Data.
 * Canonicalization comes from xml-crypto; hashing and signing from node:crypto.
 */
export function signEdxmlPackage(unsignedXml: string, options: SignEdxmlOptions): string {
  const algorithmName =
    options.algorithm ?? (options.signer.key.type === 'rsa' ? 'rsa-sha256' : 'ecdsa-sha256');
  const algorithm = SIGNATURE_ALGORITHMS[algorithmName];
  const c14n = options.c14n ?? 'exclusive';

  // The enveloped transform removes the Signature element, and the template adds no whitespace
  // around it, so the digest is the canonical form of the unsigned document.
  const unsignedRoot = parse(unsignedXml).documentElement as unknown as Element;
  const canonicalDocument = new CANONICALIZERS[WITHOUT_COMMENTS[c14n]]().process(unsignedRoot, {}).toString();
  const digest = createHash(algorithm.hash).update(canonicalDocument, 'utf8').digest('base64');

  const template = insertSignatureTemplate(unsignedXml, {
    algorithm: algorithmName,
    c14n,
    signatureNamespace: options.signatureNamespace,
    certificatesBase64: (options.certificates ?? [options.signer]).map((cert) => cert.base64),
  }).replace(DIGEST_PLACEHOLDER, digest);

  const signedInfo = canonicalSignedInfo(template, c14n);
  const signatureValue = sign(algorithm.hash, Buffer.from(signedInfo, 'utf8'), {
    key: options.signer.key.privateKey,
    dsaEncoding: 'ieee-p1363', // XML-DSig ECDSA signatures are r || s, not DER
  }).toString('base64');
  return template.replace(SIGNATURE_PLACEHOLDER, signatureValue);
}

/**
 * Inserts a Signature template (empty DigestValue and SignatureValue) at the end of edXMLHeader.
 * With no certificates the X509Data is empty, which is what `xmlsec1 --sign` expects to fill.
 */
export function insertSignatureTemplate(unsignedXml: string, options: SignatureTemplateOptions): string {
  const algorithm = SIGNATURE_ALGORITHMS[options.algorithm];
  const c14nUri = C14N[options.c14n];
  const fillable = options.certificatesBase64 === undefined;
  const certificates = (options.certificatesBase64 ?? [])
    .map((base64) => `<X509Certificate>${base64}</X509Certificate>`)
    .join('');
  const xmlns = options.signatureNamespace === 'edxml' ? '' : ` xmlns="${XMLDSIG_NS}"`;
  const signature =
    `<Signature${xmlns}><SignedInfo>` +
    `<CanonicalizationMethod Algorithm="${c14nUri}"/>` +
    `<SignatureMethod Algorithm="${algorithm.uri}"/>` +
    `<Reference URI=""><Transforms>` +
    `<Transform Algorithm="${ENVELOPED_SIGNATURE_TRANSFORM}"/><Transform Algorithm="${c14nUri}"/>` +
    `</Transforms><DigestMethod Algorithm="${algorithm.digestUri}"/>` +
    `<DigestValue>${fillable ? '' : DIGEST_PLACEHOLDER}</DigestValue></Reference></SignedInfo>` +
    `<SignatureValue>${fillable ? '' : SIGNATURE_PLACEHOLDER}</SignatureValue>` +
    `<KeyInfo><X509Data>${certificates}</X509Data></KeyInfo></Signature>`;
  const headerEnd = /<\/(?:[\w.-]+:)?edXMLHeader>/.exec(unsignedXml);
  if (!headerEnd) throw new Error('package has no edXMLHeader end tag');
  return unsignedXml.slice(0, headerEnd.index) + signature + unsignedXml.slice(headerEnd.index);
}

function canonicalSignedInfo(signedXml: string, c14n: C14nVariant): string {
  const doc = parse(signedXml) as unknown as Document;
  const signedInfo = doc.getElementsByTagName('SignedInfo')[0];
  const ancestorNamespaces = findAncestorNs(doc, "//*[local-name()='SignedInfo']");
  return new CANONICALIZERS[c14n]().process(signedInfo, { ancestorNamespaces }).toString();
}

function parse(xml: string) {
  return new DOMParser().parseFromString(xml, 'text/xml');
}

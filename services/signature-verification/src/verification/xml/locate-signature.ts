import { SignatureRejection } from '../signature-verdict';
import {
  CANONICALIZATION_METHODS,
  DIGEST_METHODS,
  EDXML_NS,
  ENVELOPED_SIGNATURE,
  SIGNATURE_METHODS,
  XMLDSIG_NS,
} from './xml-signature-algorithms';
import type { Document, Element, Node } from '@xmldom/xmldom';

/** The parts of the one envelope Signature that the checks need, after the structure was validated. */
export interface SignatureStructure {
  element: Element;
  /** `xmldsig`: the XML-DSig namespace; `edxml`: the edXML namespace (or none), as agency SDKs emit it. */
  namespace: 'xmldsig' | 'edxml';
  signedInfo: Element;
  canonicalizationUri: string;
  signatureMethodUri: string;
  digestMethodUri: string;
  digestValue: string;
  /** The c14n applied to the document after the enveloped-signature transform (inclusive if none named). */
  referenceC14nUri: string;
  referenceInclusivePrefixes: string[];
  signatureValue: string;
  /** Base64 DER of every KeyInfo/X509Data/X509Certificate, in document order. */
  certificatesBase64: string[];
}

// Transforms that select part of the document: a reference using them no longer covers what the hub delivers.
const NARROWING_TRANSFORMS = new Set([
  'http://www.w3.org/TR/1999/REC-xpath-19991116',
  'http://www.w3.org/2002/06/xmldsig-filter2',
  'http://www.w3.org/TR/1999/REC-xslt-19991116',
]);
const SIGNATURE_NAMESPACES = new Set<string | null>([XMLDSIG_NS, EDXML_NS, null]);

/**
 * Finds the one envelope Signature: an element `Signature` in the XML-DSig namespace, the edXML
 * namespace (as agency SDKs emit it) or none. None is SIG_MISSING; more than one is SIG_WRAPPING.
 */
export function findSignatureElement(doc: Document): { element: Element; namespace: 'xmldsig' | 'edxml' } {
  const signatures = elementsNamed(doc, 'Signature').filter((el) =>
    SIGNATURE_NAMESPACES.has(el.namespaceURI),
  );
  if (signatures.length === 0)
    throw new SignatureRejection('SIG_MISSING', 'the package has no Signature element');
  if (signatures.length > 1) {
    throw new SignatureRejection(
      'SIG_WRAPPING',
      `the package has ${signatures.length} Signature elements; exactly one is allowed`,
    );
  }
  const element = signatures[0];
  return { element, namespace: element.namespaceURI === XMLDSIG_NS ? 'xmldsig' : 'edxml' };
}

/**
 * Reads the Signature's parts and checks its shape before any cryptography: a child of
 * edXML/edXMLEnvelope/edXMLHeader, one SignedInfo in the whole document, exactly one Reference URI=""
 * whose first transform is enveloped-signature and which no transform narrows; anything else is
 * SIG_WRAPPING, because the signed reference would not be the document the hub delivers.
 */
export function readSignatureStructure(
  doc: Document,
  found: { element: Element; namespace: 'xmldsig' | 'edxml' },
): SignatureStructure {
  const { element, namespace } = found;
  const ns = element.namespaceURI;
  if (childElements(element).length === 0 && !element.textContent?.trim()) {
    throw new SignatureRejection('SIG_MISSING', 'the Signature element is empty (placeholder)');
  }
  checkPlacement(doc, element);

  const signedInfos = elementsNamed(doc, 'SignedInfo');
  const signedInfo = onlyChild(element, ns, 'SignedInfo', 'SIG_INVALID');
  if (signedInfos.length !== 1) {
    throw new SignatureRejection('SIG_WRAPPING', `the package has ${signedInfos.length} SignedInfo elements`);
  }
  const signatureValue =
    onlyChild(element, ns, 'SignatureValue', 'SIG_INVALID').textContent?.replace(/\s+/g, '') ?? '';
  for (const child of childElements(element)) {
    if (
      child.namespaceURI !== ns ||
      !['SignedInfo', 'SignatureValue', 'KeyInfo', 'Object'].includes(child.localName ?? '')
    ) {
      throw new SignatureRejection('SIG_INVALID', `unexpected element ${child.nodeName} in Signature`);
    }
  }

  const canonicalizationUri = algorithmOf(onlyChild(signedInfo, ns, 'CanonicalizationMethod', 'SIG_INVALID'));
  const signatureMethodUri = algorithmOf(onlyChild(signedInfo, ns, 'SignatureMethod', 'SIG_INVALID'));
  const references = children(signedInfo, ns, 'Reference');
  if (references.length !== 1) {
    throw new SignatureRejection(
      'SIG_WRAPPING',
      `SignedInfo has ${references.length} References; exactly one (URI="") is allowed`,
    );
  }
  const reference = references[0];
  if (!reference.hasAttribute('URI') || reference.getAttribute('URI') !== '') {
    throw new SignatureRejection(
      'SIG_WRAPPING',
      `the Reference must be URI="" (the whole document), found ${reference.hasAttribute('URI') ? `URI="${reference.getAttribute('URI')}"` : 'no URI'}`,
    );
  }
  const transformElements = children(reference, ns, 'Transforms').flatMap((t) =>
    children(t, ns, 'Transform'),
  );
  const transforms = transformElements.map(algorithmOf);
  if (transforms[0] !== ENVELOPED_SIGNATURE) {
    throw new SignatureRejection(
      'SIG_WRAPPING',
      'the Reference does not start with the enveloped-signature transform',
    );
  }
  const narrowing = transforms.find((uri) => NARROWING_TRANSFORMS.has(uri));
  if (narrowing)
    throw new SignatureRejection(
      'SIG_WRAPPING',
      `the Reference narrows the document with transform ${narrowing}`,
    );
  if (transforms.length > 2) {
    throw new SignatureRejection(
      'SIG_WRAPPING',
      `the Reference has ${transforms.length} transforms; at most enveloped-signature and one c14n`,
    );
  }
  const referenceC14nUri = transforms[1] ?? 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
  const digestMethodUri = algorithmOf(onlyChild(reference, ns, 'DigestMethod', 'SIG_INVALID'));
  const digestValue =
    onlyChild(reference, ns, 'DigestValue', 'SIG_INVALID').textContent?.replace(/\s+/g, '') ?? '';

  const prefixList = transformElements[1]
    ? childElements(transformElements[1])
        .find((el) => el.localName === 'InclusiveNamespaces')
        ?.getAttribute('PrefixList')
    : undefined;
  const certificatesBase64 = children(element, ns, 'KeyInfo')
    .flatMap((keyInfo) => children(keyInfo, ns, 'X509Data'))
    .flatMap((data) => children(data, ns, 'X509Certificate'))
    .map((cert) => cert.textContent?.replace(/\s+/g, '') ?? '');
  return {
    element,
    namespace,
    signedInfo,
    canonicalizationUri,
    signatureMethodUri,
    digestMethodUri,
    digestValue,
    referenceC14nUri,
    referenceInclusivePrefixes: prefixList ? prefixList.split(/\s+/).filter(Boolean) : [],
    signatureValue,
    certificatesBase64,
  };
}

/** Checks the algorithms against the allow-list: unknown ones, and SHA-1 unless allowed, are SIG_ALGORITHM_FORBIDDEN. */
export function checkAlgorithms(structure: SignatureStructure, allowLegacySha1: boolean): void {
  const uris = structure;
  const signatureMethod = SIGNATURE_METHODS[uris.signatureMethodUri];
  const digestMethod = DIGEST_METHODS[uris.digestMethodUri];
  if (!signatureMethod)
    throw new SignatureRejection(
      'SIG_ALGORITHM_FORBIDDEN',
      `signature method not accepted: ${uris.signatureMethodUri}`,
    );
  if (!digestMethod)
    throw new SignatureRejection(
      'SIG_ALGORITHM_FORBIDDEN',
      `digest method not accepted: ${uris.digestMethodUri}`,
    );
  for (const c14n of [uris.canonicalizationUri, uris.referenceC14nUri]) {
    if (!CANONICALIZATION_METHODS.has(c14n))
      throw new SignatureRejection('SIG_ALGORITHM_FORBIDDEN', `canonicalization not accepted: ${c14n}`);
  }
  if (!allowLegacySha1 && (signatureMethod.legacy || digestMethod.legacy)) {
    throw new SignatureRejection(
      'SIG_ALGORITHM_FORBIDDEN',
      `${signatureMethod.legacy ? signatureMethod.name : digestMethod.name} is legacy and not allowed for this agency`,
    );
  }
}
function checkPlacement(doc: Document, signature: Element): void {
  const header = signature.parentNode as Element | null;
  const envelope = header?.parentNode as Element | null;
  const placed =
    isEdxml(header, 'edXMLHeader') &&
    isEdxml(envelope, 'edXMLEnvelope') &&
    envelope?.parentNode === doc.documentElement;
  if (!placed || !isEdxml(doc.documentElement, 'edXML')) {
    throw new SignatureRejection(
      'SIG_WRAPPING',
      'the Signature is not a child of edXML/edXMLEnvelope/edXMLHeader',
    );
  }
}

function isEdxml(node: Element | null | undefined, localName: string): boolean {
  return !!node && node.nodeType === 1 && node.localName === localName && node.namespaceURI === EDXML_NS;
}

function elementsNamed(doc: Document, localName: string): Element[] {
  // An explicit walk: xmldom's getElementsByTagNameNS builds a live list, several times slower.
  const found: Element[] = [];
  const pending: Node[] = doc.documentElement ? [doc.documentElement] : [];
  while (pending.length > 0) {
    const node = pending.pop() as Element;
    if (node.localName === localName) found.push(node);
    for (let child = node.lastChild; child; child = child.previousSibling) {
      if (child.nodeType === 1) pending.push(child);
    }
  }
  return found;
}

function childElements(parent: Element): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling)
    if (node.nodeType === 1) out.push(node as Element);
  return out;
}

function children(parent: Element, ns: string | null, localName: string): Element[] {
  return childElements(parent).filter((el) => el.localName === localName && el.namespaceURI === ns);
}

function onlyChild(parent: Element, ns: string | null, localName: string, reason: 'SIG_INVALID'): Element {
  const found = children(parent, ns, localName);
  if (found.length !== 1)
    throw new SignatureRejection(
      reason,
      `${parent.localName} must have exactly one ${localName}, found ${found.length}`,
    );
  return found[0];
}

function algorithmOf(element: Element): string {
  return element.getAttribute('Algorithm') ?? '';
}

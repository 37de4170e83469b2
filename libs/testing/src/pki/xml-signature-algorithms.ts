/** Algorithm identifiers (URIs) of XML-DSig that the test PKI can sign with. */

export const C14N = {
  inclusive: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  inclusiveWithComments: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
  exclusive: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  exclusiveWithComments: 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
} as const;
export type C14nVariant = keyof typeof C14N;

export const ENVELOPED_SIGNATURE_TRANSFORM = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

/** A signature algorithm: its XML-DSig URI, the hash and the key type it needs, and its digest URI. */
export interface SignatureAlgorithmSpec {
  uri: string;
  hash: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  keyType: 'rsa' | 'ec';
  digestUri: string;
}

export const DIGEST_URIS = {
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha384: 'http://www.w3.org/2001/04/xmldsig-more#sha384',
  sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
} as const;

export const SIGNATURE_ALGORITHMS = {
  'rsa-sha1': {
    uri: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
    hash: 'sha1',
    keyType: 'rsa',
    digestUri: DIGEST_URIS.sha1,
  },
  'rsa-sha256': {
    uri: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    hash: 'sha256',
    keyType: 'rsa',
    digestUri: DIGEST_URIS.sha256,
  },
  'rsa-sha384': {
    uri: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
    hash: 'sha384',
    keyType: 'rsa',
    digestUri: DIGEST_URIS.sha384,
  },
  'rsa-sha512': {
    uri: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
    hash: 'sha512',
    keyType: 'rsa',
    digestUri: DIGEST_URIS.sha512,
  },
  'ecdsa-sha256': {
    uri: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
    hash: 'sha256',
    keyType: 'ec',
    digestUri: DIGEST_URIS.sha256,
  },
  'ecdsa-sha384': {
    uri: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384',
    hash: 'sha384',
    keyType: 'ec',
    digestUri: DIGEST_URIS.sha384,
  },
} as const satisfies Record<string, SignatureAlgorithmSpec>;
export type SignatureAlgorithmName = keyof typeof SIGNATURE_ALGORITHMS;

import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '@lt/runtime';
import { canonicalJson } from '../event-log/hash-chain';

export interface BundleSignature {
  algorithm: 'Ed25519';
  /** First 16 hex digits of the SHA-256 of the public key (SPKI DER). */
  keyId: string;
  publicKey: string;
  /** Base64 Ed25519 signature over the canonical JSON of the bundle. */
  value: string;
}

/**
 * Signs evidence bundles with the Ed25519 key in AUDIT_SIGNING_KEY_FILE (PKCS#8 PEM). The signature
 * covers the canonical JSON of the bundle (keys sorted, no white space), so anyone with the public key
 * can check it without our code.
 */
export class EvidenceSigner {
  private constructor(private readonly key: KeyObject | null) {}

  static fromFile(path: string): EvidenceSigner {
    if (!path) return new EvidenceSigner(null);
    let key: KeyObject;
    try {
      key = createPrivateKey(readFileSync(path));
    } catch (error) {
      throw new ConfigError(
        'AUDIT_SIGNING_KEY_FILE',
        `cannot be read as a private key: ${(error as Error).message}`,
      );
    }
    if (key.asymmetricKeyType !== 'ed25519')
      throw new ConfigError('AUDIT_SIGNING_KEY_FILE', 'must hold an Ed25519 key');
    return new EvidenceSigner(key);
  }

  get configured(): boolean {
    return this.key !== null;
  }

  publicKeyPem(): string {
    return createPublicKey(this.key as KeyObject)
      .export({ type: 'spki', format: 'pem' })
      .toString();
  }

  keyId(): string {
    const der = createPublicKey(this.key as KeyObject).export({ type: 'spki', format: 'der' });
    return createHash('sha256').update(der).digest('hex').slice(0, 16);
  }

  sign(bundle: unknown): BundleSignature {
    return {
      algorithm: 'Ed25519',
      keyId: this.keyId(),
      publicKey: this.publicKeyPem(),
      value: sign(null, Buffer.from(canonicalJson(bundle)), this.key as KeyObject).toString('base64'),
    };
  }
}

/** Checks a bundle's signature with the public key it names (callers must also trust that key). */
export function verifyBundle(bundle: unknown, signature: BundleSignature): boolean {
  return verify(
    null,
    Buffer.from(canonicalJson(bundle)),
    signature.publicKey,
    Buffer.from(signature.value, 'base64'),
  );
}

export const EVIDENCE_SIGNER = Symbol('EVIDENCE_SIGNER');

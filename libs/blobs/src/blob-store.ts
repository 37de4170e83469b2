import { BlobRef } from '@lt/contracts';

/**
 * Content-addressed storage for package blobs (the signed .edxml bytes). A blob's name is the SHA-256
 * of its bytes, so storing the same package twice stores it once and a reference can never point at
 * changed bytes. Kept behind this interface so an S3-compatible store can replace the default.
 */
export interface BlobStore {
  /** Stores the bytes (if not already there) and returns their reference. */
  put(bytes: Uint8Array): Promise<BlobRef>;
  /** The bytes, or null when no blob has that digest. Verifies the digest on read. */
  get(sha256: string): Promise<Buffer | null>;
  has(sha256: string): Promise<boolean>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');

/** Thrown when stored bytes no longer match their digest: the store was tampered with or corrupted. */
export class BlobIntegrityError extends Error {
  override readonly name = 'BlobIntegrityError';
}

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The request signature agencies compute (docs/intake-api.md, "Authentication").
 *
 * The signing key is SHA-256 of the issued secret: the hub stores only that digest, never the secret,
 * and an agency's software derives the same key from the secret it was given.
 */
export const SIGNATURE_HEADERS = {
  systemId: 'x-lt-system-id',
  timestamp: 'x-lt-timestamp',
  nonce: 'x-lt-nonce',
  signature: 'x-lt-signature',
} as const;

/** Nonces are what makes two identical requests distinguishable: 16-128 URL-safe characters. */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** The key an HMAC is computed with: SHA-256 of the secret (what the hub stores). */
export function signingKeyOf(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** SHA-256 hex of a request body (of the empty string when there is none). */
export function bodyDigest(body: Buffer | undefined): string {
  return createHash('sha256')
    .update(body ?? Buffer.alloc(0))
    .digest('hex');
}

export interface SignedRequestParts {
  method: string;
  /** Path and query exactly as sent (`/v1/inbox?type=edoc`). */
  path: string;
  /** Unix seconds, as sent in the timestamp header. */
  timestamp: string;
  nonce: string;
  /** SHA-256 hex of the body. */
  bodySha256: string;
}

/** The text that is signed: one field per line, in this order. */
export function canonicalRequest(parts: SignedRequestParts): string {
  return [parts.method.toUpperCase(), parts.path, parts.timestamp, parts.nonce, parts.bodySha256].join('\n');
}

/** HMAC-SHA256 of the canonical request with the signing key, lowercase hex. */
export function signRequest(signingKey: Buffer, parts: SignedRequestParts): string {
  return createHmac('sha256', signingKey).update(canonicalRequest(parts), 'utf8').digest('hex');
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(expectedHex: string, givenHex: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(givenHex)) return false;
  const a = Buffer.from(expectedHex, 'hex');
  const b = Buffer.from(givenHex.toLowerCase(), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a unix-seconds timestamp lies within `skewSeconds` of `nowMs`. */
export function isWithinClockSkew(timestamp: string, nowMs: number, skewSeconds: number): boolean {
  if (!/^\d{9,13}$/.test(timestamp)) return false;
  const value = Number(timestamp);
  // Legacy clients send milliseconds: 13 digits.
  const ms = timestamp.length >= 13 ? value : value * 1000;
  return Math.abs(nowMs - ms) <= skewSeconds * 1000;
}

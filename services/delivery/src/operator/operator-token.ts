import { createHash, timingSafeEqual } from 'node:crypto';

/** The SHA-256 hex of a bearer token: what OPERATOR_TOKEN_HASHES holds (the tokens themselves never). */
export function hashOperatorToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Parses OPERATOR_TOKEN_HASHES (comma-separated hex, already validated by the config). */
export function parseTokenHashes(raw: string): Buffer[] {
  return raw
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h.length === 64)
    .map((h) => Buffer.from(h, 'hex'));
}

/**
 * Whether an `Authorization` header carries a known operator token. Compares digests in constant
 * time; an empty list accepts nobody.
 * @returns a short, non-secret identifier of the token (first 12 hex digits of its hash) or null
 */
export function authenticateOperator(authorization: string | undefined, hashes: Buffer[]): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return null;
  const digest = createHash('sha256').update(match[1], 'utf8').digest();
  let found = false;
  for (const known of hashes) if (timingSafeEqual(known, digest)) found = true;
  return found ? `operator:${digest.toString('hex').slice(0, 12)}` : null;
}

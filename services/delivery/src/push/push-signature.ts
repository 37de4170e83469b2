import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of every push (docs/delivery.md, "What an agency endpoint receives"). */
export const PUSH_HEADERS = {
  requestId: 'x-lt-request-id',
  attempt: 'x-lt-attempt',
  timestamp: 'x-lt-timestamp',
  signature: 'x-lt-signature',
  kind: 'x-lt-message-type',
  documentId: 'x-lt-document-id',
  statusId: 'x-lt-status-id',
  sender: 'x-lt-from',
  recipient: 'x-lt-to',
  sha256: 'x-lt-sha256',
} as const;

/**
 * The hub's signature of a push: `v1=` + hex HMAC-SHA256, keyed with the agency's secret, over
 * `{timestamp}\n{requestId}\n{body}`. Binding the timestamp and request id stops a captured push being
 * replayed under another id or long after; the agency recomputes it and compares in constant time.
 */
export function signPush(secret: string, timestamp: string, requestId: string, body: Uint8Array): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}\n${requestId}\n`);
  mac.update(body);
  return `v1=${mac.digest('hex')}`;
}

/** What an agency (or a test receiver) runs to check a push came from the hub. */
export function verifyPushSignature(
  secret: string,
  timestamp: string,
  requestId: string,
  body: Uint8Array,
  signature: string,
): boolean {
  const expected = Buffer.from(signPush(secret, timestamp, requestId, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

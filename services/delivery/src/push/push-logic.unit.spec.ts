import { nominalRetryDelayMs, retryDelayMs } from './retry-backoff';
import { signPush, verifyPushSignature } from './push-signature';
import { endpointProblem } from './endpoint-policy';
import { authenticateOperator, hashOperatorToken, parseTokenHashes } from '../operator/operator-token';
import { decodeCursor, encodeCursor } from '../inbox/inbox-cursor';
import { loadDeliveryConfig } from '../delivery.config';

describe('retry backoff', () => {
  const policy = { baseMs: 1_000, factor: 2, maxMs: 5_000, jitterPercent: 20 };

  it('doubles per attempt up to the maximum', () => {
    expect([1, 2, 3, 4, 5].map((n) => nominalRetryDelayMs(policy, n))).toEqual([
      1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
  });

  it('spreads each delay over ±jitter and no further', () => {
    expect(retryDelayMs(policy, 2, 0)).toBe(1_600);
    expect(retryDelayMs(policy, 2, 0.999999)).toBe(2_400);
    expect(retryDelayMs({ ...policy, jitterPercent: 0 }, 2, 0.7)).toBe(2_000);
  });
});

describe('push signature', () => {
  const body = Buffer.from('<edXML/>');

  it('verifies with the same secret, timestamp, request id and body only', () => {
    const sig = signPush('s'.repeat(32), '2026-01-01T00:00:00.000Z', 'id-1', body);
    expect(sig).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyPushSignature('s'.repeat(32), '2026-01-01T00:00:00.000Z', 'id-1', body, sig)).toBe(true);
    expect(verifyPushSignature('t'.repeat(32), '2026-01-01T00:00:00.000Z', 'id-1', body, sig)).toBe(false);
    expect(verifyPushSignature('s'.repeat(32), '2026-01-01T00:00:01.000Z', 'id-1', body, sig)).toBe(false);
    expect(verifyPushSignature('s'.repeat(32), '2026-01-01T00:00:00.000Z', 'id-2', body, sig)).toBe(false);
    expect(
      verifyPushSignature('s'.repeat(32), '2026-01-01T00:00:00.000Z', 'id-1', Buffer.from('<x/>'), sig),
    ).toBe(false);
  });
});

describe('endpoint policy', () => {
  it('requires https (http only when allowed), no credentials, and a secret', () => {
    expect(endpointProblem('https://a.gov.vn/edoc', 'k', false)).toBeNull();
    expect(endpointProblem('http://a.gov.vn/edoc', 'k', false)).toMatch(/https/);
    expect(endpointProblem('http://a.gov.vn/edoc', 'k', true)).toBeNull();
    expect(endpointProblem('https://u:p@a.gov.vn/', 'k', false)).toMatch(/credentials/);
    expect(endpointProblem('https://a.gov.vn/', null, false)).toMatch(/secret/);
    expect(endpointProblem(null, 'k', false)).toMatch(/no push endpoint/);
    expect(endpointProblem('not a url', 'k', false)).toMatch(/valid URL/);
  });
});

describe('operator tokens', () => {
  const hashes = parseTokenHashes(`${hashOperatorToken('alpha')},${hashOperatorToken('beta')}`);

  it('accepts a listed token as a bearer and nothing else', () => {
    expect(authenticateOperator('Bearer alpha', hashes)).toMatch(/^operator:[0-9a-f]{12}$/);
    expect(authenticateOperator('bearer beta', hashes)).not.toBeNull();
    expect(authenticateOperator('Bearer gamma', hashes)).toBeNull();
    expect(authenticateOperator('alpha', hashes)).toBeNull();
    expect(authenticateOperator(undefined, hashes)).toBeNull();
    expect(authenticateOperator('Bearer alpha', [])).toBeNull();
  });
});

describe('inbox cursor', () => {
  it('round-trips and rejects anything else', () => {
    expect(decodeCursor(encodeCursor({ priority: 3, seq: '42' }))).toEqual({ priority: 3, seq: '42' });
    expect(decodeCursor('garbage')).toBeNull();
    expect(decodeCursor(Buffer.from('["1","2"]').toString('base64url'))).toBeNull();
  });
});

describe('delivery configuration', () => {
  it('refuses out-of-range timings and malformed token hashes, naming the variable', () => {
    expect(() => loadDeliveryConfig({ DELIVERY_PUSH_TIMEOUT_MS: '99' })).toThrow(
      /DELIVERY_PUSH_TIMEOUT_MS must be at least 100/,
    );
    expect(() => loadDeliveryConfig({ INBOX_PAGE_MAX: '1001' })).toThrow(
      /INBOX_PAGE_MAX must be at most 1000/,
    );
    expect(() => loadDeliveryConfig({ OPERATOR_TOKEN_HASHES: 'abc' })).toThrow(
      /OPERATOR_TOKEN_HASHES must match/,
    );
    expect(() => loadDeliveryConfig({ RECEIPT_CONFIRMING_STATUS_CODES: '01,3' })).toThrow(
      /RECEIPT_CONFIRMING_STATUS_CODES/,
    );
    expect(loadDeliveryConfig({}).DELIVERY_ALLOW_HTTP_ENDPOINTS).toBe('false');
  });
});

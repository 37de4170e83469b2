import {
  canonicalRequest,
  isWithinClockSkew,
  signaturesEqual,
  signingKeyOf,
  signRequest,
} from './request-signature';
import { RateLimiter } from './rate-limiter';

const parts = {
  method: 'post',
  path: '/v1/documents?x=1',
  timestamp: '1764000000',
  nonce: 'abcdefghijklmnop',
  bodySha256: 'e3b0',
};

describe('request signature', () => {
  it('signs method, path with query, timestamp, nonce and body digest, one per line', () => {
    expect(canonicalRequest(parts)).toBe('POST\n/v1/documents?x=1\n1764000000\nabcdefghijklmnop\ne3b0');
    const key = signingKeyOf('secret');
    const signature = signRequest(key, parts);
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    for (const changed of [
      { method: 'GET' },
      { path: '/v1/documents' },
      { timestamp: '1764000001' },
      { nonce: 'abcdefghijklmnoq' },
      { bodySha256: 'e3b1' },
    ]) {
      expect(signRequest(key, { ...parts, ...changed })).not.toBe(signature);
    }
    expect(signRequest(signingKeyOf('secret2'), parts)).not.toBe(signature);
  });

  it('compares signatures in constant time and refuses malformed ones', () => {
    const s = signRequest(signingKeyOf('k'), parts);
    expect(signaturesEqual(s, s.toUpperCase())).toBe(true);
    expect(signaturesEqual(s, s.slice(0, 63))).toBe(false);
    expect(signaturesEqual(s, `${s.slice(0, 63)}g`)).toBe(false);
  });

  it('accepts a timestamp exactly at the skew boundary, not one second beyond (seconds or milliseconds)', () => {
    const now = 1_764_000_000_000;
    expect(isWithinClockSkew(String(now / 1000 - 300), now, 300)).toBe(true);
    expect(isWithinClockSkew(String(now / 1000 + 300), now, 300)).toBe(true);
    expect(isWithinClockSkew(String(now / 1000 - 301), now, 300)).toBe(false);
    expect(isWithinClockSkew(String(now / 1000 + 301), now, 300)).toBe(false);
    expect(isWithinClockSkew(String(now - 300_000), now, 300)).toBe(true);
    expect(isWithinClockSkew(String(now - 300_001), now, 300)).toBe(false);
    expect(isWithinClockSkew('yesterday', now, 300)).toBe(false);
  });
});

describe('per-agency rate limiter', () => {
  it('admits the burst, refuses the next with the wait in seconds, refills at the rate', () => {
    const limiter = new RateLimiter(60, 3); // one a second, burst 3
    const t = 1_000_000;
    expect([limiter.take('a', t), limiter.take('a', t), limiter.take('a', t)]).toEqual([0, 0, 0]);
    expect(limiter.take('a', t)).toBe(1);
    expect(limiter.take('b', t)).toBe(0);
    expect(limiter.take('a', t + 999)).toBe(1);
    expect(limiter.take('a', t + 2_000)).toBe(0);
  });
});

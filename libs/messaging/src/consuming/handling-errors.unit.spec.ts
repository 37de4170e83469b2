import { InvalidEventError } from '@lt/contracts';
import { backoffDelayMs, isPoison, PoisonMessageError } from './handling-errors';

describe('error classification and backoff', () => {
  it('treats invalid events and poison errors as poison, everything else as transient', () => {
    expect(isPoison(new PoisonMessageError('x'))).toBe(true);
    expect(isPoison(new InvalidEventError('x'))).toBe(true);
    expect(isPoison(new Error('connection reset'))).toBe(false);
    expect(isPoison(undefined)).toBe(false);
  });

  it('grows exponentially, caps at the maximum, and jitters within its spread', () => {
    const policy = { initialMs: 100, maxMs: 1_000, jitter: 0 };
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelayMs(n, policy))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    const jittered = { initialMs: 1_000, maxMs: 10_000, jitter: 0.2 };
    expect(backoffDelayMs(1, jittered, () => 0)).toBe(800);
    expect(backoffDelayMs(1, jittered, () => 1)).toBe(1200);
  });
});

/** The retry schedule of push deliveries (all from DELIVERY_RETRY_* variables). */
export interface RetryPolicy {
  baseMs: number;
  factor: number;
  maxMs: number;
  /** 0..100: each delay is spread uniformly over ±jitterPercent of its nominal value. */
  jitterPercent: number;
}

/** The nominal delay after failed attempt `attempt` (1-based): base × factor^(attempt-1), capped. */
export function nominalRetryDelayMs(policy: RetryPolicy, attempt: number): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(policy.maxMs, policy.baseMs * Math.pow(policy.factor, exponent));
}

/**
 * The delay actually scheduled after failed attempt `attempt`: the nominal delay with jitter, so
 * that many deliveries failing together (an agency back from an outage) do not retry in lockstep.
 * @param random a number in [0, 1) (injectable for tests)
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: number = Math.random()): number {
  const nominal = nominalRetryDelayMs(policy, attempt);
  const spread = (nominal * policy.jitterPercent) / 100;
  return Math.max(0, Math.round(nominal - spread + 2 * spread * random));
}

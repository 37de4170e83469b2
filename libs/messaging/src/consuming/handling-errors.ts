import { InvalidEventError } from '@lt/contracts';

/**
 * Thrown by a handler for an event that can never succeed (invalid data, a reference that cannot
 * exist): the transport dead-letters it at once instead of retrying.
 */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
  constructor(
    message: string,
    readonly code = 'POISON_MESSAGE',
  ) {
    super(message);
  }
}

/** Poison errors go to the dead-letter stream at once; everything else is retried with backoff. */
export function isPoison(error: unknown): boolean {
  if (error instanceof PoisonMessageError || error instanceof InvalidEventError) return true;
  // class-validator / Nest validation failures surface as BadRequest-like errors: retrying cannot help.
  const name = (error as { name?: string } | null)?.name;
  return name === 'ValidationError' || name === 'BadRequestException';
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** 0..1: fraction of the delay randomised, so retries of many messages do not stampede. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, jitter: 0.2 };

/** Delay before redelivery number `deliveryCount + 1` (exponential, capped, with jitter). */
export function backoffDelayMs(
  deliveryCount: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random = Math.random,
): number {
  const exponential = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, deliveryCount - 1));
  const spread = exponential * policy.jitter;
  return Math.max(0, Math.round(exponential - spread + random() * 2 * spread));
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

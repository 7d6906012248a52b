export interface BackoffPolicy {
  /** Delay before the first retry. */
  readonly baseMs: number;
  /** Upper bound of any delay. */
  readonly maxMs: number;
  /** Attempts in all; after the last failure the delivery is dead-lettered. */
  readonly maxAttempts: number;
}

/**
 * Delay after the `attempt`-th failure (1-based): base·2^(attempt-1), capped, with up to 20 %
 * jitter taken off so that many failing deliveries do not retry in lockstep. `random` in [0, 1).
 * Undefined when no attempt is left.
 */
export function retryDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const exp = Math.min(policy.baseMs * 2 ** Math.max(0, attempt - 1), policy.maxMs);
  return Math.round(exp * (1 - 0.2 * random()));
}

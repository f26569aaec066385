/** First retry waits about this long; each later one doubles it. */
export const backoffBaseMs = 1000;
export const backoffCapMs = 5 * 60_000;

/**
 * Delay before the next attempt after `attempt` failed tries: exponential from one second,
 * capped at five minutes, with jitter between half and all of it so that workers retrying
 * the same burst spread out. A provider's Retry-After is a floor.
 */
export function backoffMs(attempt: number, retryAfterMs?: number, random = Math.random): number {
  const exponential = Math.min(backoffCapMs, backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

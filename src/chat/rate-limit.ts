/**
 * A token bucket per key, in process memory: `burst` messages at once, then one every
 * `refillMs`. With several server processes each keeps its own buckets, so the effective limit
 * is per process.
 */
export interface RateLimitOptions {
  burst: number;
  refillMs: number;
  /** Most keys tracked; the least recently seen are dropped beyond it. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  /** Takes one token for the key; false when the key has none left. */
  take(key: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, updatedAt: now };
    const refilled = Math.floor((now - bucket.updatedAt) / this.options.refillMs);
    if (refilled > 0) {
      bucket.tokens = Math.min(this.options.burst, bucket.tokens + refilled);
      bucket.updatedAt += refilled * this.options.refillMs;
    }
    if (bucket.tokens >= this.options.burst) bucket.updatedAt = now;

    // Re-inserting keeps the map in least-recently-seen order for eviction.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) {
      this.buckets.delete(this.buckets.keys().next().value!);
    }

    if (bucket.tokens <= 0) return false;
    bucket.tokens -= 1;
    return true;
  }
}

// Token buckets, one per caller: a bucket holds up to `limit` requests and refills at `limit` per
// `windowSeconds`, so a caller may burst to its limit and then goes at the steady rate. In memory:
// one server process is one limiter (several processes behind a balancer each allow the limit).
export interface Decision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until the next request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMillisecond: number;

  constructor(
    readonly limit: number,
    readonly windowSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMillisecond = limit / (windowSeconds * 1000);
  }

  take(caller: string): Decision {
    const now = this.now();
    const bucket = this.buckets.get(caller) ?? { tokens: this.limit, at: now };
    bucket.tokens = Math.min(this.limit, bucket.tokens + (now - bucket.at) * this.perMillisecond);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(caller, bucket);
    if (this.buckets.size > 100_000) this.forgetFull(now);
    return {
      allowed,
      limit: this.limit,
      remaining: Math.floor(bucket.tokens),
      resetSeconds: Math.ceil((this.limit - bucket.tokens) / this.perMillisecond / 1000),
      retryAfterSeconds: allowed ? 0 : Math.ceil((1 - bucket.tokens) / this.perMillisecond / 1000),
    };
  }

  // Buckets that have refilled are the same as no bucket: dropping them bounds the memory.
  private forgetFull(now: number) {
    for (const [caller, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMillisecond >= this.limit) this.buckets.delete(caller);
    }
  }
}

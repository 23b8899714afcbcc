/**
 * The send scheduler: token buckets, one per thing a platform limits (a conversation, an app in a
 * tenant, a Slack method in a workspace), so a big wave of messages goes out at nearly the allowed
 * rate instead of meeting 429s. Platform-neutral: the numbers live in src/platforms/send-rate.ts.
 *
 * Each bucket is kept as GCRA (the "generic cell rate algorithm": one theoretical arrival time per
 * bucket instead of a token count), which makes one request under several buckets a single
 * reservation: it goes at the earliest moment every bucket allows, and takes a slot from each.
 * Pure and clock-injected: RateSchedule does arithmetic on the times it is given; Throttle adds the
 * waiting. It is only a throttle: its state is in memory, per process, and nothing is lost with it
 * (a message that would wait too long is deferred back to the outbox, and a 429 still counts).
 */
import { DeliveryError, retryAfter } from './delivery';

/** At most `count` requests in any window of `perMs`; `burst` of them may go at once (default 1). */
export interface RateLimit {
  count: number;
  perMs: number;
  burst?: number;
}

/** One thing a request counts against: a key (e.g. `teams:conversation:<id>`) and its limits. */
export interface RateClaim {
  key: string;
  limits: readonly RateLimit[];
}

interface Bucket {
  /** The theoretical arrival time of the next request, in ms. */
  tat: number;
  /** The spacing of requests once the burst is spent. */
  interval: number;
  /** How far ahead of `tat` a request may still go (the burst). */
  tolerance: number;
}

/**
 * The spacing that keeps a token bucket of `burst` inside "count per perMs" counted over any
 * sliding window: a full bucket's burst plus what refills within the window must not exceed count,
 * so burst + (perMs / interval) - 1 <= count.
 */
export function intervalOf(limit: RateLimit): number {
  const burst = Math.max(1, Math.min(limit.burst ?? 1, limit.count));
  // Rounded up to the microsecond: the bound is exact, so a spacing a hair short (floating point) would put one request too many in a window.
  return Math.ceil((limit.perMs / (limit.count - burst + 1)) * 1000) / 1000;
}

/** Token buckets by key, as pure arithmetic on the times passed in (see the file comment). */
export class RateSchedule {
  private readonly buckets = new Map<string, Bucket>();
  private readonly pausedUntil = new Map<string, number>();
  private reservations = 0;

  /** The earliest time (ms, >= now) at which a request under every claim may go; takes nothing. */
  nextAt(claims: readonly RateClaim[], nowMs: number): number {
    let at = nowMs;
    for (const c of claims) {
      at = Math.max(at, this.pausedUntil.get(c.key) ?? -Infinity);
      c.limits.forEach((l, i) => {
        const b = this.bucket(c.key, i, l);
        at = Math.max(at, b.tat - b.tolerance);
      });
    }
    return at;
  }

  /** Takes a slot in every claim's buckets at the earliest time they all allow, and returns that time. */
  reserve(claims: readonly RateClaim[], nowMs: number): number {
    const at = this.nextAt(claims, nowMs);
    for (const c of claims) {
      c.limits.forEach((l, i) => {
        const b = this.bucket(c.key, i, l);
        b.tat = Math.max(b.tat, at) + b.interval;
      });
    }
    if (++this.reservations % 1000 === 0) this.prune(nowMs);
    return at;
  }

  /**
   * After a 429: nothing under this key goes before `untilMs`, and the first request after it goes
   * alone (the burst is spent), so the platform sees us slow down rather than come straight back.
   */
  pause(claim: RateClaim, untilMs: number): void {
    this.pausedUntil.set(claim.key, Math.max(untilMs, this.pausedUntil.get(claim.key) ?? -Infinity));
    claim.limits.forEach((l, i) => {
      const b = this.bucket(claim.key, i, l);
      b.tat = Math.max(b.tat, untilMs + b.tolerance);
    });
  }

  /** How many buckets are held (a bucket that has refilled is forgotten: it behaves as a new one). */
  size(): number {
    return this.buckets.size;
  }

  private bucket(key: string, index: number, limit: RateLimit): Bucket {
    const id = `${key}#${index}`;
    let b = this.buckets.get(id);
    if (!b) {
      const interval = intervalOf(limit);
      b = { tat: -Infinity, interval, tolerance: (Math.max(1, Math.min(limit.burst ?? 1, limit.count)) - 1) * interval };
      this.buckets.set(id, b);
    }
    return b;
  }

  private prune(nowMs: number): void {
    // Refilled to the brim: a new bucket would behave the same.
    for (const [id, b] of this.buckets) if (b.tat <= nowMs) this.buckets.delete(id);
    for (const [key, until] of this.pausedUntil) if (until <= nowMs) this.pausedUntil.delete(key);
  }
}

/** The failure code of a message the throttle deferred: not a delivery attempt, so the worker puts it back without counting one. */
export const RATE_DEFERRED = 'SEND_RATE_DEFERRED';

/** Thrown when a request would wait longer than the throttle allows: the message goes back to the outbox, due then. Nothing was sent. */
export class RateDeferred extends DeliveryError {
  constructor(readonly waitMs: number) {
    super(retryAfter(RATE_DEFERRED, waitMs));
  }
}

export interface ThrottleOptions {
  /** Monotonic milliseconds (performance.now in production): rate limits are about real time, not the business clock. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** A request that would wait longer than this is deferred (RateDeferred) instead of holding a worker lane and its lease. Default 5 s. */
  maxWaitMs?: number;
}

/** Waits for a slot before each platform request; the one instance a process's senders share. */
export class Throttle {
  readonly schedule = new RateSchedule();
  private readonly maxWaitMs: number;

  constructor(private readonly opts: ThrottleOptions) {
    this.maxWaitMs = opts.maxWaitMs ?? 5000;
  }

  /**
   * Resolves when a request under these claims may go, its slot taken; throws RateDeferred when that
   * is more than maxWaitMs away. The slot is taken when the request really goes, not when it starts
   * to wait: a waiter woken late (a busy event loop) must not go out bunched with the next ones.
   */
  async take(claims: readonly RateClaim[]): Promise<void> {
    for (;;) {
      const now = this.opts.now();
      const at = this.schedule.nextAt(claims, now);
      if (at <= now) {
        this.schedule.reserve(claims, now);
        return;
      }
      if (at - now > this.maxWaitMs) throw new RateDeferred(Math.ceil(at - now));
      await this.opts.sleep(at - now);
    }
  }

  /** The platform answered 429: every claim of that request waits `retryAfterMs` (1 s when it did not say). */
  backOff(claims: readonly RateClaim[], retryAfterMs: number | undefined): void {
    const until = this.opts.now() + (retryAfterMs ?? 1000);
    for (const c of claims) this.schedule.pause(c, until);
  }
}

/** A throttle on real time (performance.now and setTimeout), for the server and the CLI. */
export function realTimeThrottle(maxWaitMs?: number): Throttle {
  return new Throttle({ now: () => performance.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), maxWaitMs });
}

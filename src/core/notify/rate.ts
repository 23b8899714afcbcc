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
 * (a message that would wait too long, or whose key a 429 paused, is deferred back to the outbox).
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
  /** After a 429 this key pauses at most this long (default: as long as Retry-After says). */
  pauseCapMs?: number;
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
  private reservations = 0;

  /** The earliest time (ms, >= now) at which a request under every claim may go; takes nothing. */
  nextAt(claims: readonly RateClaim[], nowMs: number): number {
    let at = nowMs;
    for (const c of claims) {
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
  /** Monotonic milliseconds (performance.now in production): the buckets' spacing is about real time. */
  now: () => number;
  /** The outbox's clock in ms (deps.clock): a 429's pause is kept in it, as the outbox keeps Retry-After, so the two agree (and a test's fake clock moves both). */
  wall: () => number;
  sleep: (ms: number) => Promise<void>;
  /** A request that would wait longer than this is deferred (RateDeferred) instead of holding a worker lane and its lease. Default 5 s. */
  maxWaitMs?: number;
}

/** Waits for a slot before each platform request; the one instance a process's senders share. */
export class Throttle {
  readonly schedule = new RateSchedule();
  private readonly maxWaitMs: number;
  /** Keys a 429 paused, until when (wall ms). */
  private readonly pausedUntil = new Map<string, number>();

  constructor(private readonly opts: ThrottleOptions) {
    this.maxWaitMs = opts.maxWaitMs ?? 5000;
  }

  /**
   * Resolves when a request under these claims may go, its slot taken; throws RateDeferred when that
   * is more than maxWaitMs away. The slot is taken when the request really goes, not when it starts
   * to wait: a waiter woken late (a busy event loop) must not go out bunched with the next ones.
   */
  async take(claims: readonly RateClaim[]): Promise<void> {
    // A paused key is never waited for in memory: the message goes back to the outbox, due when the pause ends.
    const wall = this.opts.wall();
    const paused = Math.max(0, ...claims.map((c) => (this.pausedUntil.get(c.key) ?? wall) - wall));
    if (paused > 0) throw new RateDeferred(Math.ceil(paused));
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

  /** The platform answered 429: each claim of that request pauses for `retryAfterMs` (1 s when it did not say), at most its cap. */
  backOff(claims: readonly RateClaim[], retryAfterMs: number | undefined): void {
    const wall = this.opts.wall();
    for (const [key, until] of this.pausedUntil) if (until <= wall) this.pausedUntil.delete(key);
    for (const c of claims) {
      const until = wall + Math.min(retryAfterMs ?? 1000, c.pauseCapMs ?? Infinity);
      this.pausedUntil.set(c.key, Math.max(until, this.pausedUntil.get(c.key) ?? -Infinity));
    }
  }
}

/** A throttle that spaces requests in real time (performance.now and setTimeout) and keeps pauses on `wall` (the outbox's clock). */
export function realTimeThrottle(wall: () => number, maxWaitMs?: number): Throttle {
  return new Throttle({ now: () => performance.now(), wall, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), maxWaitMs });
}

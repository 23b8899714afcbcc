/**
 * Sliding-window rate limits for the fake platforms (fake-teams-connector.ts, fake-slack-api.ts),
 * written from the platforms' documented numbers ("7 per second", "50 per second", "1 per second
 * per channel") independently of src/platforms/send-rate.ts, so a wrong bucket there meets a 429
 * here. Off by default: a fake enforces limits only when a test turns them on.
 */

/** At most `count` accepted requests in any window of `perMs`. */
export interface WindowLimit {
  count: number;
  perMs: number;
}

/** Accepted request times per key, checked against every window given for that key. */
export class SlidingWindows {
  private readonly accepted = new Map<string, number[]>();
  /** How many requests were refused (answered 429), per key. */
  readonly refusals = new Map<string, number>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * Admits a request that counts against every (key, limits) pair, or refuses it with the seconds
   * until it would fit (what Retry-After carries, rounded up, at least 1). Refused requests do not
   * count, so a client that waits as told gets through.
   */
  admit(claims: ReadonlyArray<{ key: string; limits: readonly WindowLimit[] }>, arrivedAt?: number): { ok: true } | { ok: false; retryAfterS: number; key: string } {
    // Counted when the request arrived (before its body was read), as a platform's front door would.
    const t = arrivedAt ?? this.now();
    for (const { key, limits } of claims) {
      const times = this.accepted.get(key) ?? [];
      for (const l of limits) {
        const inWindow = times.filter((x) => x > t - l.perMs);
        if (inWindow.length >= l.count) {
          this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
          const freeAt = inWindow[inWindow.length - l.count] + l.perMs;
          return { ok: false, key, retryAfterS: Math.max(1, Math.ceil((freeAt - t) / 1000)) };
        }
      }
    }
    for (const { key, limits } of claims) {
      const longest = Math.max(...limits.map((l) => l.perMs));
      const times = (this.accepted.get(key) ?? []).filter((x) => x > t - longest);
      times.push(t);
      this.accepted.set(key, times);
    }
    return { ok: true };
  }

  /** Every refusal so far. */
  totalRefusals(): number {
    return [...this.refusals.values()].reduce((a, b) => a + b, 0);
  }
}

/** Teams' limits: per bot per conversation (thread), and per app per tenant. */
export interface TeamsWindowLimits {
  conversation: WindowLimit[];
  app: WindowLimit[];
}

/** As "Optimize your bot with rate limiting in Teams" gives them: 7 in 1 s, 8 in 2 s, 60 in 30 s, 1800 in an hour per conversation; 50 per second per app per tenant. */
export const TEAMS_DOCUMENTED_LIMITS: TeamsWindowLimits = {
  conversation: [
    { count: 7, perMs: 1000 },
    { count: 8, perMs: 2000 },
    { count: 60, perMs: 30_000 },
    { count: 1800, perMs: 3_600_000 },
  ],
  app: [{ count: 50, perMs: 1000 }],
};

/** Slack's limits: chat.postMessage per channel and per workspace, and other methods per method (their tiers). */
export interface SlackWindowLimits {
  postPerChannel: WindowLimit[];
  postPerWorkspace: WindowLimit[];
  methods: Record<string, WindowLimit[]>;
}

/**
 * As Slack's "Rate limits" page gives them: one message per second per channel; Tier 3 (50 per
 * minute) for conversations.open; the workspace-wide posting limit, which Slack does not publish,
 * as the product's default (300 a minute) unless a test sets another.
 */
export const SLACK_DOCUMENTED_LIMITS: SlackWindowLimits = {
  postPerChannel: [{ count: 1, perMs: 1000 }],
  postPerWorkspace: [{ count: 300, perMs: 60_000 }],
  methods: { 'conversations.open': [{ count: 50, perMs: 60_000 }] },
};

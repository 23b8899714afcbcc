/**
 * The platforms' documented send limits, as claims on the send scheduler (src/core/notify/rate.ts):
 * each request the senders make takes a slot for its conversation (or channel) and for the app's
 * tenant or workspace first, so a reminder wave to thousands of people goes out at nearly the
 * allowed rate with no 429. A 429 still pauses that request's conversation for its Retry-After
 * (and its tenant or workspace briefly: BROAD_PAUSE_MS), and the outbox defers the message by it.
 *
 * Several instances: the buckets are per process, so OUTBOX_INSTANCES (how many servers deliver the
 * same school's outbox) gives each one its share of the tenant/workspace budget. We chose a share
 * over relying on 429s alone because Slack warns that "continuing to send messages after being rate
 * limited runs the risk of having your application permanently disabled", and a 429 costs a retry; per-conversation budgets are not divided, as a
 * reminder wave sends one message per person and 429 backs off the rare overlap.
 */
import type { RateClaim, RateLimit } from '../core/notify/rate';

/**
 * Teams, "Optimize your bot with rate limiting in Teams"
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit): per bot per
 * thread (a 1:1 chat, a group chat or a channel conversation), sending to a conversation is allowed
 * 7 operations in 1 s, 8 in 2 s, 60 in 30 s and 1800 in 3600 s; and "the global limit per app per
 * tenant is 50 Requests Per Second (RPS)". All requests count (sends, updates, roster fetches).
 * The bursts are how many may go at once while every window still holds (see intervalOf).
 */
export const TEAMS_LIMITS = {
  conversation: [
    { count: 7, perMs: 1000 },
    { count: 8, perMs: 2000, burst: 4 },
    { count: 60, perMs: 30_000, burst: 8 },
    { count: 1800, perMs: 3_600_000, burst: 60 },
  ],
  // A burst of 2 lets a sender woken a little late catch up without ever filling a second's window.
  tenant: [{ count: 50, perMs: 1000, burst: 2 }],
} as const satisfies Record<string, readonly RateLimit[]>;

/**
 * Slack, "Rate limits" (https://docs.slack.dev/apis/web-api/rate-limits): chat.postMessage is a
 * special tier, "generally allows posting one message per second per channel, while also
 * maintaining a workspace-wide limit" ("Posting messages: 1 per second; short bursts >1 allowed",
 * with no guarantee a burst is shown, so we never burst); the workspace-wide number is not published
 * (SLACK_POSTS_PER_MINUTE, default 300). Other methods are limited per method per workspace by tier:
 * Tier 2 "20+ per minute", Tier 3 "50+ per minute", Tier 4 "100+ per minute", each allowing bursts.
 * conversations.open is Tier 3 (https://api.slack.com/methods/conversations.open).
 */
const TIER: Record<2 | 3 | 4, RateLimit> = {
  2: { count: 20, perMs: 60_000, burst: 5 },
  3: { count: 50, perMs: 60_000, burst: 10 },
  4: { count: 100, perMs: 60_000, burst: 20 },
};

/** The tier of each Web API method the senders call, as Slack's method reference lists it (conversations.open checked at the link above); a method not listed is only held to its 429s. */
export const SLACK_METHOD_TIERS: Readonly<Record<string, 2 | 3 | 4>> = {
  'conversations.open': 3,
  'conversations.history': 3,
  'conversations.members': 4,
  'chat.update': 3,
  'users.lookupByEmail': 3,
  'users.info': 4,
  'users.list': 2,
};

export const SLACK_LIMITS = {
  channelPost: [{ count: 1, perMs: 1000 }],
} as const satisfies Record<string, readonly RateLimit[]>;

/**
 * Every window is planned ARRIVAL_MARGIN_MS longer than documented: the platform counts a request
 * when it arrives, and arrivals vary (a first request opens a connection, about 7 ms on loopback; a
 * busy event loop writes requests that took their slots before it late, and together), so requests
 * a window apart as sent may arrive inside one. 50 ms is two of the tenant's requests.
 */
export const ARRIVAL_MARGIN_MS = 50;

function planned(limits: readonly RateLimit[]): RateLimit[] {
  return limits.map((l) => ({ ...l, perMs: l.perMs + ARRIVAL_MARGIN_MS }));
}

/**
 * A 429 does not say which limit it was: the request's conversation (or channel) pauses for the whole
 * Retry-After, its tenant or workspace for at most a second (one window), so one busy chat's 429 never
 * holds up an urgent page to somebody else for long; a tenant-wide 429 keeps being answered per message.
 */
export const BROAD_PAUSE_MS = 1000;

/** Budgets a process plans with: the documented ones, the tenant/workspace share divided among `instances`. */
export interface SendRates {
  instances: number;
  slackPostsPerMinute: number;
}

/** A limit shared by `instances` processes: each gets its part (at least one request per window). */
function share(limit: RateLimit, instances: number): RateLimit {
  const count = Math.max(1, Math.floor(limit.count / Math.max(1, instances)));
  return { count, perMs: limit.perMs, burst: Math.min(limit.burst ?? 1, count) };
}

/** The claims of one Teams request: its conversation (when it has one) and the app in its tenant. */
export function teamsClaims(rates: SendRates, conversationId: string | null, tenantId: string | null | undefined): RateClaim[] {
  const claims: RateClaim[] = [{ key: `teams:tenant:${(tenantId ?? '').toLowerCase()}`, limits: planned(TEAMS_LIMITS.tenant.map((l) => share(l, rates.instances))), pauseCapMs: BROAD_PAUSE_MS }];
  // A channel thread (`<channel>;messageid=<id>`) is limited as the channel it is posted in: the strictest reading.
  if (conversationId) claims.push({ key: `teams:conversation:${conversationId.split(';')[0]}`, limits: planned(TEAMS_LIMITS.conversation) });
  return claims;
}

/** The claims of one Slack Web API call in a workspace (`workspace` names the token's workspace, never the token). */
export function slackClaims(rates: SendRates, workspace: string, method: string, args: Record<string, unknown>): RateClaim[] {
  if (method === 'chat.postMessage') {
    const perWorkspace = share({ count: rates.slackPostsPerMinute, perMs: 60_000 }, rates.instances);
    const claims: RateClaim[] = [{ key: `slack:${workspace}:chat.postMessage`, limits: planned([perWorkspace]), pauseCapMs: BROAD_PAUSE_MS }];
    if (typeof args.channel === 'string') claims.push({ key: `slack:${workspace}:channel:${args.channel}`, limits: planned(SLACK_LIMITS.channelPost) });
    return claims;
  }
  const tier = SLACK_METHOD_TIERS[method];
  return tier ? [{ key: `slack:${workspace}:${method}`, limits: planned([share(TIER[tier], rates.instances)]) }] : [];
}

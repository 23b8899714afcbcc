/**
 * Delivers outbox rows to Slack: renders each message with the one renderer (src/views/outbox.ts)
 * at send time, converts the card to Block Kit, and maps Slack's answers to a delivery failure
 * (src/core/notify/delivery.ts): 429 honours Retry-After; channel_not_found, not_in_channel,
 * account_inactive, is_archived (and other refusals) are final; msg_too_long, msg_blocks_too_long
 * and invalid_blocks are our rendering bugs, retried and alerted, never the recipient's fault.
 * Every post goes through the delivery ledger (postOnce) and carries the outbox row's id in its
 * message metadata, so a retry finds an earlier post the ledger never heard back about and updates it.
 * Every Web API call first takes a slot for its method in the workspace (and chat.postMessage for
 * its channel too: src/platforms/send-rate.ts), when a throttle is given; a 429 pauses them.
 */
import { webApi } from '@slack/bolt';
import type { CoreDeps } from '../../core/deps';
import type { Identity, Incident, OutboxMessage } from '../../core/model';
import type { Sender } from '../../core/notify/worker';
import { DeliveryError, isFinal, renderingBug, retryable, retryAfter, unreachable, type DeliveryResult } from '../../core/notify/delivery';
import type { AdaptiveCard } from '../../cards';
import { renderOutboxMessage, type RenderedMessage, type Target } from '../../views/outbox';
import { toMessage } from './blockkit';
import { installedBotToken } from './installations';
import { LookupRefused, lookUpByEmail, type LookupWorkspace } from './lookup';
import { isNamedWorkspace, TokenWorkspace } from './workspaces';
import { postOnce, type PlatformPost } from '../delivery-ledger';
import { RateDeferred, type Throttle } from '../../core/notify/rate';
import { slackClaims, type SendRates } from '../send-rate';

/** The metadata event type of every message the outbox posts (payload: the outbox row's id). */
export const OUTBOX_EVENT_TYPE = 'safeguard_outbox_message';

/** The recipient (or the channel) cannot be reached on Slack: final, the fallback route is taken. */
function unreachableHere(code: string): DeliveryError {
  return new DeliveryError(unreachable(code));
}

/** Slack errors that retrying will not fix: the recipient is unreachable, take the fallback route. */
const FINAL_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'account_inactive',
  'is_archived',
  'user_not_found',
  'users_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'missing_scope',
  'restricted_action',
  'message_not_found',
  'cant_update_message',
]);

/** Slack rejects the message itself (too long, blocks it cannot show): our renderer's bug, not the recipient's. */
const RENDERING_ERRORS = new Set(['invalid_blocks', 'msg_too_long', 'msg_blocks_too_long']);

type Posted = { platform: 'slack'; conversationId: string; activityId: string; recipientKey: string };
type Deliver<T extends Target> = (msg: OutboxMessage, m: Extract<RenderedMessage, { target: T }>) => Promise<Posted[]>;

export interface SlackSenderOptions {
  /** Single-workspace token (SLACK_BOT_TOKEN); without it, the token of the workspace's OAuth install. */
  botToken?: string;
  slackApiUrl?: string;
  /** Time limit of each Web API call, in ms (OUTBOUND_TIMEOUT_MS). */
  timeoutMs?: number;
  /** The process's send throttle and the rates it plans with (none: only 429s slow us down). */
  pace?: { throttle: Throttle; rates: SendRates };
}

/** A WebClient whose every call waits for its slot in the workspace's buckets, and whose 429s pause them. */
class PacedWebClient extends webApi.WebClient {
  constructor(
    token: string,
    options: webApi.WebClientOptions,
    private readonly pace: NonNullable<SlackSenderOptions['pace']>,
    private readonly workspace: string,
  ) {
    super(token, options);
  }

  override async apiCall(method: string, options: Record<string, unknown> = {}): Promise<webApi.WebAPICallResult> {
    const claims = slackClaims(this.pace.rates, this.workspace, method, options);
    await this.pace.throttle.take(claims);
    try {
      return await super.apiCall(method, options);
    } catch (err) {
      const e = err as { code?: string; retryAfter?: number };
      if (e?.code === webApi.ErrorCode.RateLimitedError) this.pace.throttle.backOff(claims, typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined);
      throw err;
    }
  }
}

export class SlackOutboxSender implements Sender {
  private readonly clients = new Map<string, webApi.WebClient>();
  private tokenWorkspace: TokenWorkspace | null = null;

  constructor(
    private readonly deps: CoreDeps,
    private readonly opts: SlackSenderOptions,
  ) {}

  /** True when the school file names a Slack channel for the DSL team. */
  hasChannel(): boolean {
    return Boolean(this.deps.school.file.safeguarding_team.slack?.channel_id);
  }

  /** Slack can find a person it has never seen (users.lookupByEmail); one it knows but cannot reach stays unreachable. */
  canFind(identity: Identity | null): boolean {
    return identity === null;
  }

  async deliver(msg: OutboxMessage): Promise<DeliveryResult> {
    try {
      const m = await renderOutboxMessage(this.deps, msg);
      return { ok: true, posted: await (this.targets[m.target] as Deliver<Target>)(msg, m) };
    } catch (err) {
      return classify(err);
    }
  }

  /** How Slack delivers each place a rendered message can go. */
  private readonly targets: { [T in Target]: Deliver<T> } = {
    channel: async (msg, m) => {
      const posted = await this.postToChannel(msg.id, m.card, m.text);
      return m.keep ? [posted] : [];
    },
    person: async (msg, m) => {
      const posted = await this.sendToPerson(msg.id, m.email, m.card, m.text);
      return m.keep ? [posted] : [];
    },
    refresh: async (_msg, m) => {
      await this.refreshAll(m.incident, m.card, m.text);
      return [];
    },
    // Another platform's stored activities: the router sends them to that platform, so reaching here is a bug.
    replay: async () => {
      throw new DeliveryError(renderingBug('REPLAY_ELSEWHERE'));
    },
  };

  private async client(teamId: string | null): Promise<webApi.WebClient> {
    const token = this.opts.botToken ?? (await installedBotToken(this.deps, teamId));
    if (!token) throw unreachableHere('SLACK_NOT_INSTALLED');
    return this.clientFor(token);
  }

  private clientFor(token: string): webApi.WebClient {
    let c = this.clients.get(token);
    if (!c) {
      // The outbox owns retries (Retry-After, backoff, final refusals), so the client must not retry by itself.
      const options: webApi.WebClientOptions = { slackApiUrl: this.opts.slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: this.opts.timeoutMs ?? 10_000, logLevel: webApi.LogLevel.ERROR };
      // One client per token, and one token per workspace: the client's number names its workspace's buckets.
      c = this.opts.pace ? new PacedWebClient(token, options, this.opts.pace, `w${this.clients.size + 1}`) : new webApi.WebClient(token, options);
      this.clients.set(token, c);
    }
    return c;
  }

  private async postToChannel(outboxId: string, card: AdaptiveCard, text: string): Promise<Posted> {
    const channel = this.deps.school.file.safeguarding_team.slack?.channel_id;
    if (!channel) throw unreachableHere('NO_SLACK_CHANNEL');
    const client = await this.client(null);
    const done = await postOnce(this.deps, { outboxId, platform: 'slack', recipientKey: 'dsl_channel' }, {
      post: async () => {
        const res = await client.chat.postMessage({ channel, ...toMessage(card, text), ...posting(outboxId) });
        return { conversationId: String(res.channel ?? channel), activityId: String(res.ts) };
      },
      update: (earlier) => updateMessage(client, earlier, card, text),
      find: (since) => findPosted(client, channel, outboxId, since),
      refused: refusedBeforeAccepting,
    });
    return { platform: 'slack', conversationId: done.conversationId, activityId: done.activityId, recipientKey: 'dsl_channel' };
  }

  /** A direct message: conversations.open gives the DM channel, kept on the identity for updates and for finding an earlier post. */
  private async sendToPerson(outboxId: string, email: string, card: AdaptiveCard, fallback: string): Promise<Posted> {
    const identity = () => this.deps.store.identities.findByEmail('slack', email);
    // An earlier post exists only once the person is known: their workspace's client updates or finds it.
    const known = async () => this.client((await identity())?.tenantId ?? null);
    const done = await postOnce(this.deps, { outboxId, platform: 'slack', recipientKey: email }, {
      post: async () => {
        // Never seen on Slack: found by the school-file email, and kept, so this happens once.
        const person = (await identity()) ?? (await lookUpByEmail(this.deps, email, await this.workspaces()));
        const client = await this.client(person.tenantId);
        // A DM channel once opened stays the same: kept, so a wave costs one chat.postMessage a person, not a Tier 3 conversations.open too.
        const stored = person.conversationRef?.channel;
        const channel = typeof stored === 'string' && stored.startsWith('D') ? stored : (await client.conversations.open({ users: person.platformUserId })).channel?.id;
        if (!channel) throw new Error('SLACK_NO_DM_CHANNEL');
        if (person.conversationRef?.channel !== channel) {
          await this.deps.store.identities.upsert({ ...person, conversationRef: { ...(person.conversationRef ?? {}), channel } });
        }
        const res = await client.chat.postMessage({ channel, ...toMessage(card, fallback), ...posting(outboxId) });
        return { conversationId: channel, activityId: String(res.ts) };
      },
      update: async (earlier) => updateMessage(await known(), earlier, card, fallback),
      // The DM channel is stored before the post, so an earlier post can only be in it.
      find: async (since) => {
        const channel = (await identity())?.conversationRef?.channel;
        return typeof channel === 'string' ? findPosted(await known(), channel, outboxId, since) : null;
      },
      refused: refusedBeforeAccepting,
    });
    return { platform: 'slack', conversationId: done.conversationId, activityId: done.activityId, recipientKey: email };
  }

  /** The school's workspaces to look a person up in: the bot token's own, or each OAuth install of this school. */
  private async workspaces(): Promise<LookupWorkspace[]> {
    if (this.opts.botToken) {
      this.tokenWorkspace ??= new TokenWorkspace(this.deps, this.opts.botToken, this.opts.slackApiUrl);
      const ws = this.tokenWorkspace;
      return [{ client: this.clientFor(this.opts.botToken), allows: (ids) => ws.allows(ids) }];
    }
    const installs = await this.deps.store.slackInstallations.listBySchool(this.deps.school.name);
    const out: LookupWorkspace[] = [];
    for (const rec of installs) {
      const token = (rec.installation as { bot?: { token?: string } }).bot?.token;
      if (token) out.push({ client: this.clientFor(token), allows: async (ids) => isNamedWorkspace(this.deps, ids) });
    }
    if (!out.length) throw unreachableHere('SLACK_NOT_INSTALLED');
    return out;
  }

  /** Updates every Slack message already posted for the incident (chat.update), to its current state. */
  private async refreshAll(incident: Incident, card: AdaptiveCard, text: string): Promise<void> {
    for (const p of await this.deps.store.posted.listByIncident(incident.id)) {
      if (p.platform !== 'slack') continue;
      const teamId = p.recipientKey === 'dsl_channel' ? null : ((await this.deps.store.identities.findByEmail('slack', p.recipientKey))?.tenantId ?? null);
      const client = await this.client(teamId);
      try {
        await client.chat.update({ channel: p.conversationId, ts: p.activityId, ...toMessage(card, text) });
      } catch (err) {
        // A deleted message cannot be refreshed; the others still can.
        if (codeOf(err) !== 'message_not_found') throw err;
      }
    }
  }
}

/** What every outbox post carries: no unfurls, and the outbox row's id as message metadata (to find it again). */
function posting(outboxId: string) {
  return { unfurl_links: false, unfurl_media: false, metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { outbox_id: outboxId } } };
}

/** chat.update of an earlier post to the current message; false when it is gone (deleted), so it is posted again. */
async function updateMessage(client: webApi.WebClient, earlier: PlatformPost, card: AdaptiveCard, text: string): Promise<boolean> {
  try {
    await client.chat.update({ channel: earlier.conversationId, ts: earlier.activityId, ...toMessage(card, text) });
    return true;
  } catch (err) {
    if (codeOf(err) === 'message_not_found' || codeOf(err) === 'cant_update_message') return false;
    throw err;
  }
}

// A minute of slack before the ledger's first try, for clocks that disagree.
const SEARCH_MARGIN_S = 60;

/** The bot's earlier post of an outbox row in a channel (conversations.history with metadata), or null when there is none. */
async function findPosted(client: webApi.WebClient, channel: string, outboxId: string, since: Date): Promise<PlatformPost | null> {
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const res = await client.conversations.history({ channel, oldest: String(Math.floor(since.getTime() / 1000) - SEARCH_MARGIN_S), include_all_metadata: true, limit: 200, cursor });
    const hit = res.messages?.find((m) => m.metadata?.event_type === OUTBOX_EVENT_TYPE && (m.metadata.event_payload as { outbox_id?: unknown } | undefined)?.outbox_id === outboxId);
    if (hit?.ts) return { conversationId: channel, activityId: hit.ts };
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) return null;
  }
  return null;
}

/** True when Slack refused the post (an error answer, rate limited, a refusal before any call): nothing was posted; a 5xx or a lost answer may have been. */
function refusedBeforeAccepting(err: unknown): boolean {
  if (err instanceof RateDeferred) return true;
  const code = (err as { code?: string })?.code;
  return isFinal(classify(err)) || code === webApi.ErrorCode.PlatformError || code === webApi.ErrorCode.RateLimitedError;
}

function codeOf(err: unknown): string {
  return String((err as { data?: { error?: string } })?.data?.error ?? '');
}

/** Maps a Web API error to a delivery failure. */
export function classify(err: unknown): DeliveryResult {
  if (err instanceof DeliveryError) return err.failure;
  if (err instanceof LookupRefused) return unreachable(err.code);
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  if (e?.code === webApi.ErrorCode.RateLimitedError) return retryAfter('slack_ratelimited', typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined);
  if (e?.code === webApi.ErrorCode.PlatformError) {
    const code = String(e.data?.error ?? 'slack_error').slice(0, 60);
    if (RENDERING_ERRORS.has(code)) return renderingBug(code);
    return FINAL_ERRORS.has(code) ? unreachable(code) : retryable(code);
  }
  if (e?.code === webApi.ErrorCode.HTTPError) return retryable(`HTTP_${e.statusCode ?? 'ERROR'}`);
  return retryable('NETWORK');
}

/**
 * Delivers outbox rows to Teams: renders each message with the one renderer (src/views/outbox.ts)
 * at send time (so a card is always current) and maps Teams' answers to a delivery failure
 * (src/core/notify/delivery.ts): 429 honours Retry-After; 412 and 5xx back off; 413 (the card is
 * too large) is our rendering bug, retried and alerted; 403 (app not installed, blocked, not in
 * roster), 404, 401 and 400 are final. Every post goes through the delivery ledger (postOnce), so a
 * retry never shows a second card unmarked: Teams cannot search a conversation, so an unknown
 * earlier post means a marked resend. Every connector request first takes a slot for its
 * conversation and for the app in its tenant (src/platforms/send-rate.ts), when a throttle is given.
 */
import { TurnContext, type CloudAdapter, type ConversationAccount, type ConversationParameters, type ConversationReference } from 'botbuilder';
import { cardActivity } from './cards';
import type { CoreDeps } from '../../core/deps';
import type { OutboxMessage, Incident } from '../../core/model';
import type { Sender } from '../../core/notify/worker';
import { DeliveryError, isFinal, parseRetryAfter, renderingBug, retryable, retryAfter, unreachable, type DeliveryResult } from '../../core/notify/delivery';
import type { AdaptiveCard } from '../../cards';
import { DSL_CHANNEL_KEY } from './roster';
import { renderOutboxMessage, type RenderedMessage, type Target } from '../../views/outbox';
import type { Identity } from '../../core/model';
import { GraphError } from './graph';
import { reachThroughGraph, type GraphReachDeps } from './graph-reach';
import { postOnce, type PlatformPost } from '../delivery-ledger';
import { deliverLateReply } from './turn-deadline';
import { RateDeferred, type RateClaim, type Throttle } from '../../core/notify/rate';
import { teamsClaims, type SendRates } from '../send-rate';

/** Shown above a card posted again when Teams may already have shown the first, so the reader knows the two are one. */
export const RESEND_NOTICE = 'Sent again after a connection fault — if you see this twice, use this one.';

/** The recipient (or the channel) cannot be reached on Teams: final, the fallback route is taken. */
function unreachableHere(code: string): DeliveryError {
  return new DeliveryError(unreachable(code));
}

type Posted = { platform: 'teams'; conversationId: string; activityId: string; recipientKey: string };
type Deliver<T extends Target> = (msg: OutboxMessage, m: Extract<RenderedMessage, { target: T }>) => Promise<Posted[]>;

export class TeamsOutboxSender implements Sender {
  private readonly reach: GraphReachDeps | null;

  /**
   * `graph`: when Graph credentials are configured, people who never opened the app are reached by installing it for them.
   * `pace`: the process's send throttle and the rates it plans with (none: only 429s slow us down).
   */
  constructor(
    private readonly deps: CoreDeps,
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    graph?: Pick<GraphReachDeps, 'graph' | 'settings'>,
    private readonly pace?: { throttle: Throttle; rates: SendRates },
  ) {
    this.reach = graph ? { ...graph, deps, adapter, appId } : null;
  }

  /** One connector request, in its turn: waits for a slot (or defers the message), and a 429 pauses its conversation and tenant. */
  private async paced<T>(conversationId: string | null, tenantId: string | null | undefined, request: () => Promise<T>): Promise<T> {
    if (!this.pace) return request();
    const claims: RateClaim[] = teamsClaims(this.pace.rates, conversationId, tenantId ?? this.deps.school.file.safeguarding_team.teams?.tenant_id?.[0]);
    await this.pace.throttle.take(claims);
    try {
      return await request();
    } catch (err) {
      const e = err as { statusCode?: number; response?: { headers?: { get?(name: string): string | undefined } } };
      if (e?.statusCode === 429) this.pace.throttle.backOff(claims, parseRetryAfter(e.response?.headers?.get?.('retry-after')));
      throw err;
    }
  }

  /** With Graph, Teams can reach a person it has no usable chat with (never seen, or unreachable): the router may try it. */
  canFind(identity: Identity | null): boolean {
    const ref = identity?.conversationRef as { serviceUrl?: unknown } | null | undefined;
    return Boolean(this.reach) && (!identity || Boolean(identity.unreachableAt) || typeof ref?.serviceUrl !== 'string');
  }

  async deliver(msg: OutboxMessage): Promise<DeliveryResult> {
    try {
      const m = await renderOutboxMessage(this.deps, msg);
      // A reply that missed its turn's deadline goes back, as stored, to the conversation it was meant for.
      if (m.target === 'replay') return await deliverLateReply(this.deps, this.adapter, this.appId, msg, classify);
      return { ok: true, posted: await (this.targets[m.target] as Deliver<Target>)(msg, m) };
    } catch (err) {
      return classify(err);
    }
  }

  /** How Teams delivers each place a rendered message can go. */
  private readonly targets: { [T in Exclude<Target, 'replay'>]: Deliver<T> } = {
    channel: async (msg, m) => {
      const posted = await this.once(msg, 'dsl_channel', m.card, (card) => this.postToChannel(card));
      return m.keep ? [posted] : [];
    },
    person: async (msg, m) => {
      const posted = await this.once(msg, m.email, m.card, (card) => this.sendToPerson(m.email, card));
      return m.keep ? [posted] : [];
    },
    refresh: async (_msg, m) => {
      await this.refreshAll(m.incident, m.card);
      return [];
    },
  };

  /** One post through the delivery ledger: a retry updates the earlier card, or posts it again marked as a resend. */
  private async once(msg: OutboxMessage, recipientKey: string, card: AdaptiveCard, post: (card: AdaptiveCard) => Promise<Posted>): Promise<Posted> {
    const done = await postOnce(this.deps, { outboxId: msg.id, platform: 'teams', recipientKey }, {
      post: (resend) => post(resend ? withResendNotice(card) : card),
      update: (earlier) => this.updatePost(recipientKey, earlier, card),
      refused: refusedBeforeAccepting,
    });
    return { platform: 'teams', conversationId: done.conversationId, activityId: done.activityId, recipientKey };
  }

  /** Replaces an earlier post's card in place; false when Teams no longer has it (deleted), so it is posted again. */
  private async updatePost(recipientKey: string, earlier: PlatformPost, card: AdaptiveCard): Promise<boolean> {
    const ref = await this.referenceFor(recipientKey, earlier.conversationId);
    if (!ref) return false;
    try {
      await this.paced(earlier.conversationId, ref.conversation?.tenantId, () =>
        this.adapter.continueConversationAsync(this.appId, ref, async (ctx) => {
          // The context's reference (this conversation) addresses the update: TurnContext.updateActivity applies it.
          await ctx.updateActivity({ ...cardActivity(card), id: earlier.activityId });
        }),
      );
      return true;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return false;
      throw err;
    }
  }

  /** A new thread in the DSL team channel (createConversationAsync with the channel id, as Teams expects). */
  private async postToChannel(card: AdaptiveCard): Promise<Posted> {
    const cfg = this.deps.school.file.safeguarding_team.teams;
    if (!cfg) throw unreachableHere('NO_TEAMS_CHANNEL');
    const stored = (await this.deps.store.conversations.get('teams', DSL_CHANNEL_KEY)) as Partial<ConversationReference> | null;
    const serviceUrl = stored?.serviceUrl ?? cfg.service_url;
    if (!serviceUrl) throw unreachableHere('CHANNEL_NOT_SEEN');
    const tenantId = cfg.tenant_id?.[0] ?? stored?.conversation?.tenantId;
    let posted: Posted | null = null;
    await this.paced(cfg.channel_id, tenantId, () =>
      this.adapter.createConversationAsync(
        this.appId,
        'msteams',
        serviceUrl,
        '',
        // botbuilder's type marks bot and a full activity required; a channel post sends neither (the connector fills the bot in).
        { isGroup: true, channelData: { channel: { id: cfg.channel_id }, tenant: { id: tenantId } }, activity: cardActivity(card), tenantId } as ConversationParameters,
        async (ctx: TurnContext) => {
          const conversationId = ctx.activity.conversation.id;
          // Teams names the new thread "<channel>;messageid=<id of the posted card>".
          const activityId = /;messageid=(\d+)/.exec(conversationId)?.[1] ?? ctx.activity.id ?? '';
          posted = { platform: 'teams', conversationId, activityId, recipientKey: 'dsl_channel' };
        },
      ),
    );
    if (!posted) throw new Error('CHANNEL_POST_UNCONFIRMED');
    return posted;
  }

  /** A direct message in the person's 1:1 chat, creating the chat from a roster entry when needed. */
  private async sendToPerson(email: string, card: AdaptiveCard): Promise<Posted> {
    const identity = await this.deps.store.identities.findByEmail('teams', email);
    const ref = identity?.conversationRef as (Partial<ConversationReference> & { roster?: boolean; tenantId?: string }) | null;
    // Never seen, or unreachable, with Graph configured: install the app for them and open the chat, so every recipient is reached from the first report.
    const throughGraph = this.reach && this.canFind(identity) ? this.reach : null;
    const activity = cardActivity(card);
    let posted: Posted | null = null;
    const tenantOf = (ctx: TurnContext) => ctx.activity.conversation.tenantId ?? ref?.tenantId ?? identity?.tenantId;
    const capture = async (ctx: TurnContext) => {
      const res = await this.paced(ctx.activity.conversation.id, tenantOf(ctx), () => ctx.sendActivity(activity));
      posted = { platform: 'teams', conversationId: ctx.activity.conversation.id, activityId: res?.id ?? '', recipientKey: email };
    };
    if (throughGraph) {
      await this.adapter.continueConversationAsync(this.appId, await reachThroughGraph(throughGraph, email, identity), capture);
    } else if (!identity || !ref?.serviceUrl) {
      throw unreachableHere('NO_CONVERSATION'); // never talked to the bot and not in a roster
    } else if (ref.conversation?.id) {
      await this.adapter.continueConversationAsync(this.appId, ref, capture);
    } else {
      const tenantId = ref.tenantId ?? identity.tenantId ?? undefined;
      const serviceUrl = ref.serviceUrl;
      try {
        // Creating the chat is a request of its own (no conversation yet), then the message another.
        await this.paced(null, tenantId, () => this.adapter.createConversationAsync(
          this.appId,
          'msteams',
          serviceUrl,
          '',
          // As above: the connector needs no activity (sent after) and members by id alone.
          { isGroup: false, bot: ref.bot, members: [{ id: identity.platformUserId }], tenantId, channelData: { tenant: { id: tenantId } } } as ConversationParameters,
          async (ctx) => {
            // Keep the new 1:1 chat so later messages go straight to it.
            await this.deps.store.identities.upsert({ ...identity, conversationRef: TurnContext.getConversationReference(ctx.activity) as Record<string, unknown> });
            await capture(ctx);
          },
        ));
      } catch (err) {
        // A roster member who does not have the app yet gets 403 until it is installed for them.
        if (!this.reach || posted || (err as { statusCode?: number }).statusCode !== 403) throw err;
        await this.adapter.continueConversationAsync(this.appId, await reachThroughGraph(this.reach, email, identity), capture);
      }
    }
    if (!posted) throw new Error('SEND_UNCONFIRMED');
    return posted;
  }

  /** Updates every card already posted for the incident, in place, to its current state. */
  private async refreshAll(incident: Incident, card: AdaptiveCard): Promise<void> {
    for (const p of await this.deps.store.posted.listByIncident(incident.id)) {
      if (p.platform !== 'teams') continue;
      const ref = await this.referenceFor(p.recipientKey, p.conversationId);
      if (!ref) continue;
      await this.paced(p.conversationId, ref.conversation?.tenantId, () =>
        this.adapter.continueConversationAsync(this.appId, ref, async (ctx) => {
          await ctx.updateActivity({ ...cardActivity(card), id: p.activityId });
        }),
      );
    }
  }

  private async referenceFor(recipientKey: string, conversationId: string): Promise<Partial<ConversationReference> | null> {
    const base =
      recipientKey === 'dsl_channel'
        ? ((await this.deps.store.conversations.get('teams', DSL_CHANNEL_KEY)) as Partial<ConversationReference> | null)
        : ((await this.deps.store.identities.findByEmail('teams', recipientKey))?.conversationRef as Partial<ConversationReference> | null);
    const serviceUrl = base?.serviceUrl ?? this.deps.school.file.safeguarding_team.teams?.service_url;
    if (!serviceUrl) return null;
    return { ...base, serviceUrl, channelId: 'msteams', conversation: { ...base?.conversation, id: conversationId } as ConversationAccount }; // addressed by id; the other fields only a received activity carries
  }
}

/** Maps a connector error (a RestError: statusCode, code, response.headers) to a delivery failure. */
export function classify(err: unknown): DeliveryResult {
  if (err instanceof DeliveryError) return err.failure;
  if (err instanceof GraphError) return err.final ? unreachable(err.code) : retryAfter(err.code, err.retryAfterMs);
  const e = err as { statusCode?: number; code?: string; response?: { headers?: { get?(name: string): string | undefined } } };
  const status = e?.statusCode;
  const code = (typeof e?.code === 'string' ? e.code : undefined) ?? (status ? `HTTP_${status}` : 'NETWORK');
  if (status === 429) return retryAfter(code, parseRetryAfter(e.response?.headers?.get?.('retry-after')));
  // The card is over Teams' size limit: our renderer's fault, never the recipient's.
  if (status === 413) return renderingBug(code);
  // 403: BotNotInConversationRoster, ConversationBlockedByUser, BotDisabledByAdmin… never retried.
  if (status === 403 || status === 404 || status === 401 || status === 400) return unreachable(code);
  return retryable(code);
}

/** True when Teams refused the post outright (a final refusal, 429, 412, any 4xx): nothing was shown; a 5xx or a lost answer may have been. */
function refusedBeforeAccepting(err: unknown): boolean {
  // A Graph error comes from reaching the person (installing the app), before anything is posted; a deferral before any request.
  if (err instanceof GraphError || err instanceof RateDeferred) return true;
  const status = (err as { statusCode?: number })?.statusCode;
  return isFinal(classify(err)) || (typeof status === 'number' && status >= 400 && status < 500);
}

/** The card with the resend notice above it. */
function withResendNotice(card: AdaptiveCard): AdaptiveCard {
  const body = Array.isArray(card.body) ? card.body : [];
  return { ...card, body: [{ type: 'TextBlock', text: RESEND_NOTICE, wrap: true, weight: 'Bolder', color: 'Warning' }, ...body] };
}

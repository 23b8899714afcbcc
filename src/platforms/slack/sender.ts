/**
 * Delivers outbox rows to Slack: renders each message from the database at send time, converts
 * the card to Block Kit, and maps Slack's answers to the outbox's rules: 429 honours Retry-After;
 * channel_not_found, not_in_channel, account_inactive, is_archived (and other refusals) are final.
 */
import { webApi } from '@slack/bolt';
import type { CoreDeps } from '../../core/deps';
import type { Incident, OutboxMessage } from '../../core/model';
import type { DeliveryResult, Sender } from '../../core/notify/worker';
import { MESSAGE_KINDS } from '../../core/notify/enqueue';
import type { AdaptiveCard } from '../../cards';
import { askReporterCard, reporterClosedCard, reporterFallbackCard, summaryCard } from '../../views/incident';
import { renderDutyMessage } from '../../actions/duties';
import { toMessage } from './blockkit';
import { installedBotToken } from './installations';

class Final extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** Slack errors that retrying will not fix: the recipient is unreachable, take the fallback route. */
const FINAL_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'account_inactive',
  'is_archived',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'missing_scope',
  'restricted_action',
  'message_not_found',
  'cant_update_message',
  'invalid_blocks',
]);

/** The notification text (push and screen readers) of each duty message kind. */
const DUTY_FALLBACK: Record<string, string> = {
  [MESSAGE_KINDS.dutyReminder]: 'A duty reminder',
  [MESSAGE_KINDS.dutyEscalation]: 'A duty is long overdue',
  [MESSAGE_KINDS.dutyDigest]: 'Your weekly duties digest',
  [MESSAGE_KINDS.filterRequest]: 'A request to unblock a website',
  [MESSAGE_KINDS.filterDecision]: 'A decision on your unblock request',
  [MESSAGE_KINDS.filterChange]: 'Please unblock a website (approved)',
  [MESSAGE_KINDS.filterReblock]: 'Please block a website again',
};

type Posted = { platform: 'slack'; conversationId: string; activityId: string; recipientKey: string };

export interface SlackSenderOptions {
  /** Single-workspace token (SLACK_BOT_TOKEN); without it, the token of the workspace's OAuth install. */
  botToken?: string;
  slackApiUrl?: string;
}

export class SlackOutboxSender implements Sender {
  private readonly clients = new Map<string, webApi.WebClient>();

  constructor(
    private readonly deps: CoreDeps,
    private readonly opts: SlackSenderOptions,
  ) {}

  /** True when the school file names a Slack channel for the DSL team. */
  hasChannel(): boolean {
    return Boolean(this.deps.school.file.safeguarding_team.slack?.channel_id);
  }

  async deliver(msg: OutboxMessage): Promise<DeliveryResult> {
    try {
      return { ok: true, posted: await this.send(msg) };
    } catch (err) {
      return classify(err);
    }
  }

  private async client(teamId: string | null): Promise<webApi.WebClient> {
    const token = this.opts.botToken ?? (await installedBotToken(this.deps, teamId));
    if (!token) throw new Final('SLACK_NOT_INSTALLED');
    let c = this.clients.get(token);
    if (!c) {
      // The outbox owns retries (Retry-After, backoff, final refusals), so the client must not retry by itself.
      c = new webApi.WebClient(token, { slackApiUrl: this.opts.slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: webApi.LogLevel.ERROR });
      this.clients.set(token, c);
    }
    return c;
  }

  private async send(msg: OutboxMessage): Promise<Posted[]> {
    const incident = msg.incidentId ? await this.deps.store.incidents.get(msg.incidentId) : null;
    if (msg.incidentId && !incident) throw new Final('INCIDENT_GONE');
    const { school, store } = this.deps;
    switch (msg.kind) {
      case MESSAGE_KINDS.channelCard:
        return [await this.postToChannel(await this.summary(incident!), incident!)];
      case MESSAGE_KINDS.directCard:
      case MESSAGE_KINDS.page:
        return [await this.sendToPerson(personOf(msg), await this.summary(incident!), `${incident!.reference}: ${incident!.urgent ? 'URGENT ' : ''}safeguarding concern`)];
      case MESSAGE_KINDS.refresh:
        await this.refreshAll(incident!);
        return [];
      case MESSAGE_KINDS.reporterClosed:
        await this.sendToPerson(personOf(msg), reporterClosedCard(incident!), `Report ${incident!.reference} is closed`);
        return [];
      case MESSAGE_KINDS.reporterFallback:
        await this.sendToPerson(personOf(msg), reporterFallbackCard(school, incident!, String(msg.payload.reason ?? '')), `About your report ${incident!.reference}`);
        return [];
      case MESSAGE_KINDS.reporterAsk: {
        const request = await store.infoRequests.get(String(msg.payload.requestId));
        if (!request) throw new Final('REQUEST_GONE');
        await this.sendToPerson(personOf(msg), askReporterCard(school, incident!, request), `A question about your report ${incident!.reference}`);
        return [];
      }
      default: {
        // Duties and filtering requests (issue #4): the same cards as Teams, rendered at send time.
        const card = await renderDutyMessage(this.deps, msg).catch(() => {
          throw new Final('RECORD_GONE');
        });
        if (!card) throw new Final('UNKNOWN_KIND');
        await this.sendToPerson(personOf(msg), card, DUTY_FALLBACK[msg.kind] ?? 'A message from Safeguard');
        return [];
      }
    }
  }

  private async summary(incident: Incident): Promise<AdaptiveCard> {
    return summaryCard(this.deps.school, incident, await this.deps.store.proposals.pending(incident.id));
  }

  private async postToChannel(card: AdaptiveCard, incident: Incident): Promise<Posted> {
    const channel = this.deps.school.file.safeguarding_team.slack?.channel_id;
    if (!channel) throw new Final('NO_SLACK_CHANNEL');
    const client = await this.client(null);
    const res = await client.chat.postMessage({ channel, ...toMessage(card, `${incident.reference}: new safeguarding concern`), unfurl_links: false, unfurl_media: false });
    return { platform: 'slack', conversationId: String(res.channel ?? channel), activityId: String(res.ts), recipientKey: 'dsl_channel' };
  }

  /** A direct message: conversations.open gives the DM channel, kept on the identity for updates. */
  private async sendToPerson(email: string, card: AdaptiveCard, fallback: string): Promise<Posted> {
    const identity = await this.deps.store.identities.findByEmail('slack', email);
    if (!identity) throw new Final('NO_CONVERSATION');
    const client = await this.client(identity.tenantId);
    const opened = await client.conversations.open({ users: identity.platformUserId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error('SLACK_NO_DM_CHANNEL');
    if (identity.conversationRef?.channel !== channel) {
      await this.deps.store.identities.upsert({ ...identity, conversationRef: { ...(identity.conversationRef ?? {}), channel } });
    }
    const res = await client.chat.postMessage({ channel, ...toMessage(card, fallback), unfurl_links: false, unfurl_media: false });
    return { platform: 'slack', conversationId: channel, activityId: String(res.ts), recipientKey: email };
  }

  /** Updates every Slack message already posted for the incident (chat.update), to its current state. */
  private async refreshAll(incident: Incident): Promise<void> {
    const card = await this.summary(incident);
    for (const p of await this.deps.store.posted.listByIncident(incident.id)) {
      if (p.platform !== 'slack') continue;
      const teamId = p.recipientKey === 'dsl_channel' ? null : ((await this.deps.store.identities.findByEmail('slack', p.recipientKey))?.tenantId ?? null);
      const client = await this.client(teamId);
      try {
        await client.chat.update({ channel: p.conversationId, ts: p.activityId, ...toMessage(card, `${incident.reference}: updated`) });
      } catch (err) {
        // A deleted message cannot be refreshed; the others still can.
        if (codeOf(err) !== 'message_not_found') throw err;
      }
    }
  }
}

function personOf(msg: OutboxMessage): string {
  if (msg.recipient.type !== 'person') throw new Final('BAD_RECIPIENT');
  return msg.recipient.email;
}

function codeOf(err: unknown): string {
  return String((err as { data?: { error?: string } })?.data?.error ?? '');
}

/** Maps a Web API error to the outbox's rules. */
export function classify(err: unknown): DeliveryResult {
  if (err instanceof Final) return { ok: false, final: true, code: err.code };
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  if (e?.code === webApi.ErrorCode.RateLimitedError) return { ok: false, final: false, code: 'slack_ratelimited', retryAfterMs: typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined };
  if (e?.code === webApi.ErrorCode.PlatformError) {
    const code = String(e.data?.error ?? 'slack_error').slice(0, 60);
    return { ok: false, final: FINAL_ERRORS.has(code), code };
  }
  if (e?.code === webApi.ErrorCode.HTTPError) return { ok: false, final: false, code: `HTTP_${e.statusCode ?? 'ERROR'}` };
  return { ok: false, final: false, code: 'NETWORK' };
}

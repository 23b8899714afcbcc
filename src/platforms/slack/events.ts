/**
 * Slack Events API: the App Home tab, and direct messages to the bot. Slack retries an event it
 * thinks we missed (X-Slack-Retry-Num) with the same event_id: each is handled once.
 */
import type { EnvelopedEvent, webApi } from '@slack/bolt';
import type { AppHomeOpenedEvent, MessageEvent } from '@slack/types';
import type { CoreDeps } from '../../core/deps';
import type { Logger } from '../../log';
import { resolveSlackUser } from './identity';
import { homeView } from './home';
import { escapeMrkdwn } from './blockkit';
import { reportFileReceived } from '../../core/incidents/file-received';
import { fileWarningText } from '../../views/alerts';
import { helpText } from '../../actions/commands';
import { slackUsage } from './interactions';
import { homeOpenedBody, messageBody } from './payloads';


export class SlackEvents {
  constructor(
    private readonly deps: CoreDeps,
    private readonly log: Logger,
  ) {}

  private async firstTime(eventId: string | null): Promise<boolean> {
    return eventId ? this.deps.store.inbound.firstSeen('slack', `event:${eventId}`, this.deps.clock.now()) : true;
  }

  /** Publishes the person's Home tab. */
  async onHomeOpened(client: webApi.WebClient, envelope: EnvelopedEvent<AppHomeOpenedEvent>): Promise<void> {
    const body = homeOpenedBody.safeParse(envelope);
    if (!body.success) return; // Bolt passes only events it could read: an event without one is not ours to answer
    const { event, event_id: eventId, team_id: teamId } = body.data;
    if (event.tab !== 'home' || !(await this.firstTime(eventId))) return;
    const actor = await resolveSlackUser(this.deps, client, event.user, teamId);
    if (!actor) return;
    await client.views.publish({ user_id: event.user, view: await homeView(this.deps, actor.person) });
  }

  /** A direct message to the bot: help (every command of the table), or what to do about a file (never kept); nothing typed here is kept. */
  async onMessage(client: webApi.WebClient, envelope: EnvelopedEvent<MessageEvent>): Promise<void> {
    const body = messageBody.safeParse(envelope);
    if (!body.success) return; // as above: no readable event, nothing to answer
    const { event, event_id: eventId, team_id: teamId } = body.data;
    // Our own posts, edits and joins are not people talking to us.
    if (event.channel_type !== 'im' || event.bot_id || (event.subtype && event.subtype !== 'file_share')) return;
    if (!(await this.firstTime(eventId))) return;
    // Knowing them now means the bot can reach them later (pages, questions about their report).
    const actor = await resolveSlackUser(this.deps, client, event.user, teamId);
    const hasFiles = event.files.length > 0;
    if (hasFiles) {
      // UKCIS, 002 appendix G, 004 §20.5: nothing of the file is read, kept or logged, the person who sent it is
      // not told to delete it, and the DSL team hears who, when and where (once per message).
      await reportFileReceived(this.deps, { platform: 'slack', messageId: `${event.channel}:${event.ts ?? eventId ?? ''}`, place: 'personal', sender: actor?.person ?? null, senderName: actor ? null : `Slack user ${event.user}` });
    }
    await client.chat.postMessage({ channel: event.channel, text: hasFiles ? escapeMrkdwn(fileWarningText('Slack')) : helpText(slackUsage) });
    this.log.info({ code: hasFiles ? 'SLACK_DM_FILE' : 'SLACK_DM_HELP' }, 'answered a direct message');
  }
}

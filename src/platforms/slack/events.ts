/**
 * Slack Events API: the App Home tab, and direct messages to the bot. Slack retries an event it
 * thinks we missed (X-Slack-Retry-Num) with the same event_id: each is handled once.
 */
import type { webApi } from '@slack/bolt';
import type { CoreDeps } from '../../core/deps';
import type { Logger } from '../../log';
import { resolveSlackUser } from './identity';
import { homeView } from './home';
import { escapeMrkdwn } from './blockkit';
import { reportFileReceived } from '../../core/incidents/file-received';
import { fileWarningText } from '../../views/alerts';
import { helpText } from '../../actions/commands';
import { slackUsage } from './interactions';

type Obj = Record<string, unknown>;


export class SlackEvents {
  constructor(
    private readonly deps: CoreDeps,
    private readonly log: Logger,
  ) {}

  private async firstTime(body: Obj): Promise<boolean> {
    const id = typeof body.event_id === 'string' ? body.event_id : null;
    return id ? this.deps.store.inbound.firstSeen('slack', `event:${id}`, this.deps.clock.now()) : true;
  }

  /** Publishes the person's Home tab. */
  async onHomeOpened(client: webApi.WebClient, body: Obj): Promise<void> {
    const event = body.event as Obj;
    if (event.tab !== 'home' || !(await this.firstTime(body))) return;
    const sender = await resolveSlackUser(this.deps, client, String(event.user), typeof body.team_id === 'string' ? body.team_id : null);
    if (!sender) return;
    await client.views.publish({ user_id: String(event.user), view: (await homeView(this.deps, sender.person)) as never });
  }

  /** A direct message to the bot: help (every command of the table), or what to do about a file (never kept); nothing typed here is kept. */
  async onMessage(client: webApi.WebClient, body: Obj): Promise<void> {
    const event = body.event as Obj;
    // Our own posts, edits and joins are not people talking to us.
    if (event.channel_type !== 'im' || event.bot_id || (event.subtype && event.subtype !== 'file_share')) return;
    if (!(await this.firstTime(body))) return;
    // Knowing them now means the bot can reach them later (pages, questions about their report).
    const sender = await resolveSlackUser(this.deps, client, String(event.user), typeof body.team_id === 'string' ? body.team_id : null);
    const hasFiles = Array.isArray(event.files) && event.files.length > 0;
    if (hasFiles) {
      // UKCIS; 002 appendix G; 004 §20.5: nothing of the file is read, kept or logged, the
      // sender is not told to delete it, and the DSL team hears who, when and where (once per message).
      await reportFileReceived(this.deps, { platform: 'slack', messageId: `${String(event.channel)}:${String(event.ts ?? body.event_id ?? '')}`, place: 'personal', sender: sender?.person ?? null, senderName: sender ? null : `Slack user ${String(event.user)}` });
    }
    await client.chat.postMessage({ channel: String(event.channel), text: hasFiles ? escapeMrkdwn(fileWarningText('Slack')) : helpText(slackUsage) });
    this.log.info({ code: hasFiles ? 'SLACK_DM_FILE' : 'SLACK_DM_HELP' }, 'answered a direct message');
  }
}

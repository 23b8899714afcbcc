/**
 * The Teams turn handler: parses and validates one activity, calls one core flow, renders the
 * result and answers. No rule lives here. Nothing about a concern is ever written in a channel
 * or group chat: reports continue in the person's 1:1 chat.
 */
import { ActivityTypes, TurnContext, type Activity, type CloudAdapter } from 'botbuilder';
import { MISSED, untilTurnDeadline, type LateOpen } from './turn-deadline';
import { cardActivity, invokeCard } from './cards';
import type { CoreDeps } from '../../core/deps';
import * as report from '../../core/incidents/report-flow';
import type { AdaptiveCard } from '../../cards';
import { wizardCard } from '../../views/report';
import type { Logger } from '../../log';
import { runAction } from '../../actions/registry';
import { resolveSender, tenantOf } from './identity';
import { captureChannel, captureRoster } from './roster';
import { dutyCommandCards } from '../../actions/duties';
import { searchPeopleForDraft } from '../../core/incidents/person-search';
import { reportFileReceived, type FilePlace } from '../../core/incidents/file-received';
import { fileWarningText } from '../../views/alerts';

const CARD = 'application/vnd.microsoft.card.adaptive';

const HELP =
  'I record online-safety and safeguarding concerns and send them to the right person. Send **report** to start a report, **cancel** to discard one you have started. If a child is in immediate danger, call 999 and tell the DSL in person now.';

export class TeamsBot {
  constructor(
    private readonly deps: CoreDeps,
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly log: Logger,
    /** Puts a 1:1 chat opened during a turn under the same reply deadline (issue #8). */
    private readonly guard: (context: TurnContext) => void = () => undefined,
    /** Hands a 1:1 chat the turn could not wait for to the outbox (issue #8). */
    private readonly openLater: (context: TurnContext, email: string, open: LateOpen) => Promise<void> = async () => {
      throw new Error('NO_LATE_OPEN');
    },
  ) {}

  /** The first message of a 1:1 chat opened from a channel or group chat. */
  private async firstPrivateMessage(command: string, reporter: report.Reporter): Promise<Partial<Activity>> {
    if (command === 'help') return { type: ActivityTypes.Message, text: HELP };
    if (command === 'file') return { type: ActivityTypes.Message, text: fileWarningText('Teams') };
    const { view } = await report.startReport(this.deps, reporter);
    return cardMessage(wizardCard(view));
  }

  /** Handles one turn. */
  async onTurn(context: TurnContext): Promise<void> {
    const a = context.activity;
    if (a.type === ActivityTypes.Invoke && a.name === 'adaptiveCard/action') return this.onCardAction(context);
    if (a.type === ActivityTypes.Invoke && a.name === 'application/search') return this.onSearch(context);
    if (a.type === ActivityTypes.Message) return this.onMessage(context);
    if (a.type === ActivityTypes.ConversationUpdate || a.type === ActivityTypes.InstallationUpdate) {
      await captureChannel(this.deps, context);
      await captureRoster(this.deps, context, this.log);
    }
  }

  private async onMessage(context: TurnContext): Promise<void> {
    const a = context.activity;
    // Teams retries a slow turn with the same activity id: act once.
    if (a.id && !(await this.deps.store.inbound.firstSeen('teams', `message:${a.id}`, this.deps.clock.now()))) return;
    const text = commandOf(context);
    if (a.conversation?.conversationType !== 'personal') {
      await captureChannel(this.deps, context);
      if (hasFiles(context)) await this.onFile(context, a.conversation?.conversationType === 'channel' ? 'channel' : 'group');
      else if (text === 'report' || text === 'help') await this.moveToPrivateChat(context, text);
      return;
    }
    if (hasFiles(context)) return this.onFile(context, 'personal');
    const sender = await resolveSender(this.deps, context);
    if (!sender) {
      await context.sendActivity("Sorry — I couldn't confirm who you are from Teams, so I can't take a report here. Please tell the DSL in person.");
      return;
    }
    // Duties (issue #4): status, aua, unblock.
    const dutyCards = await dutyCommandCards(this.deps, context.activity.text ?? '', sender.person);
    if (dutyCards) {
      for (const card of dutyCards) await context.sendActivity(cardMessage(card));
      return;
    }
    if (text === 'report') {
      const { view, resumed } = await report.startReport(this.deps, sender.reporter);
      if (resumed) await context.sendActivity('You have a report in progress — here is where you were. Type **cancel** to discard it.');
      await context.sendActivity(cardMessage(wizardCard(view)));
      return;
    }
    if (text === 'cancel') {
      const cancelled = (await report.cancelReport(this.deps, sender.reporter)).status === 'cancelled';
      await context.sendActivity(cancelled ? 'Your draft report has been discarded. Nothing was sent.' : 'You have no report in progress.');
      return;
    }
    const open = await report.currentView(this.deps, sender.reporter);
    if (open) {
      await context.sendActivity('You have a report in progress: please use the card (here it is again), or type **cancel** to discard it. I do not keep messages typed here.');
      await context.sendActivity(cardMessage(wizardCard(open)));
      return;
    }
    await context.sendActivity(HELP);
  }

  /**
   * A file or image (issue #7): never opened, stored, forwarded or logged (UKCIS; 002 appendix G),
   * and the sender is not told to delete it (004 §20.5: do not delete). The DSL team hears who,
   * when and where; in a channel or group chat the advice goes to the sender's 1:1 chat.
   */
  private async onFile(context: TurnContext, place: FilePlace): Promise<void> {
    const a = context.activity;
    const sender = await resolveSender(this.deps, context);
    await reportFileReceived(this.deps, { platform: 'teams', messageId: a.id ?? `${a.from.id}:${this.deps.clock.now().getTime()}`, place, sender: sender?.person ?? null, senderName: a.from.name ?? null });
    this.log.info({ code: 'TEAMS_FILE_RECEIVED', place }, 'a file was sent to the bot (not kept)');
    if (place === 'personal') await context.sendActivity(fileWarningText('Teams'));
    else await this.moveToPrivateChat(context, 'file');
  }

  /** Channel or group chat: say only that we've gone private, then continue in the 1:1 chat. */
  private async moveToPrivateChat(context: TurnContext, command: string): Promise<void> {
    const a = context.activity;
    const sender = await resolveSender(this.deps, context);
    if (!sender) {
      await context.sendActivity("Sorry — I couldn't confirm who you are from Teams. Please message me directly, or tell the DSL in person.");
      return;
    }
    const tenantId = tenantOf(context);
    // The turn waits for the 1:1 chat only until its deadline (issue #8); a chat not yet opened by then is
    // opened by the outbox, and the abandoned call, should it succeed after all, sends nothing.
    let started = false;
    let abandoned = false;
    let opened = false;
    const opening = this.adapter
      .createConversationAsync(
        this.appId,
        'msteams',
        a.serviceUrl,
        '',
        { isGroup: false, bot: a.recipient, members: [a.from], tenantId: tenantId ?? undefined, channelData: { tenant: { id: tenantId } } } as never,
        async (privateContext) => {
          if (abandoned) return;
          started = true;
          this.guard(privateContext);
          // Keep the new 1:1 chat so notifications and the rest of the report go there.
          const ref = TurnContext.getConversationReference(privateContext.activity) as Record<string, unknown>;
          await this.deps.store.identities.upsert({ platform: 'teams', platformUserId: a.from.id, email: sender.person.email, name: sender.person.name, tenantId, conversationRef: { ...ref, user: a.from } });
          await privateContext.sendActivity(await this.firstPrivateMessage(command, sender.reporter));
          opened = true;
        },
      )
      .catch((err: unknown) => this.log.warn({ code: codeOf(err) }, 'could not open a 1:1 chat'));
    if ((await untilTurnDeadline(opening)) === MISSED) {
      // Started: its replies are under the deadline already. Not started: the outbox opens the chat.
      opened = true;
      if (!started) {
        abandoned = true;
        try {
          const first = await this.firstPrivateMessage(command, sender.reporter);
          await this.openLater(context, sender.person.email, { serviceUrl: a.serviceUrl, bot: a.recipient, member: a.from, tenantId, name: sender.person.name, activities: [first] });
        } catch (err) {
          opened = false; // not kept: say so, as for a chat Teams would not open
          this.log.warn({ code: codeOf(err) }, 'could not keep a 1:1 chat to open later');
        }
      }
    }
    const notOpened =
      command === 'file'
        ? "I couldn't message you privately. Please do not view, copy, forward or delete what was shared here, and speak to the DSL now."
        : "I couldn't message you privately. Please open a chat with me (Apps → Safeguard) and send \"report\" there.";
    await context.sendActivity(opened ? "I've sent you a private message." : notOpened);
  }

  private async onCardAction(context: TurnContext): Promise<void> {
    const a = context.activity;
    const action = (a.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
    const sender = await resolveSender(this.deps, context);
    if (!sender) return invokeError(context, 401, 'IDENTITY_UNKNOWN', "Sorry — I couldn't confirm who you are from Teams, so nothing was changed.");
    const ctx = { deps: this.deps, person: sender.person, reporter: sender.reporter, platformUserId: a.from.id, eventId: a.id ?? `${a.from.id}:${Date.now()}` };
    const result = await runAction(ctx, action?.verb, action?.data, this.log);
    if ('answer' in result) {
      if ('card' in result.answer) return invokeAnswer(context, { statusCode: 200, type: CARD, value: invokeCard(result.answer.card) });
      return invokeAnswer(context, { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: result.answer.message });
    }
    const { failure } = result;
    // A refusal a person should read is a message and the card stays as it was; a broken request is a typed error.
    if (failure.forPerson) return invokeAnswer(context, { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: failure.message });
    return invokeError(context, failure.status, failure.code, failure.message);
  }

  /**
   * The person picker's typeahead (Input.ChoiceSet with Data.Query): names only, and only for a
   * reporter whose open draft is at the picker's step, in their 1:1 chat.
   */
  private async onSearch(context: TurnContext): Promise<void> {
    const a = context.activity;
    const value = (a.value ?? {}) as { queryText?: unknown; dataset?: unknown; queryOptions?: { top?: unknown } };
    const sender = a.conversation?.conversationType === 'personal' ? await resolveSender(this.deps, context) : null;
    if (!sender) return invokeError(context, 403, 'FORBIDDEN', 'You can search for people only while reporting a concern in your chat with me.');
    const found = await searchPeopleForDraft(this.deps, sender.reporter, { dataset: value.dataset }, value.queryText, value.queryOptions?.top);
    if (!found.ok) {
      this.log.info({ code: 'PEOPLE_SEARCH_REFUSED', reason: found.code }, 'people search refused');
      return invokeError(context, 403, 'FORBIDDEN', 'You can search for people only while reporting a concern.');
    }
    return invokeAnswer(context, { statusCode: 200, type: 'application/vnd.microsoft.search.searchResponse', value: { results: found.results } });
  }
}

function cardMessage(card: AdaptiveCard) {
  return cardActivity(card);
}

async function invokeAnswer(context: TurnContext, body: { statusCode: number; type: string; value: unknown }): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
}

/** A typed error answer for Teams (Universal Actions: application/vnd.microsoft.error). */
async function invokeError(context: TurnContext, statusCode: number, code: string, message: string): Promise<void> {
  await invokeAnswer(context, { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } });
}

/** The command word of a message: mentions removed, lower case, a leading slash allowed. */
function commandOf(context: TurnContext): string {
  const withoutMention = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return withoutMention.replace(/<[^>]*>/g, '').trim().toLowerCase().replace(/^\//, '').split(/\s+/)[0] ?? '';
}

/** Files or images (not cards, not the HTML rendering of the message text). */
function hasFiles(context: TurnContext): boolean {
  return (context.activity.attachments ?? []).some((att) => att.contentType !== 'text/html' && !att.contentType.startsWith('application/vnd.microsoft.card'));
}

function codeOf(err: unknown): string {
  const e = err as { code?: unknown; statusCode?: unknown; name?: unknown };
  return String(e?.code ?? e?.statusCode ?? e?.name ?? 'ERROR');
}

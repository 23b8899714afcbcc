/**
 * The Teams turn handler: parses and validates one activity, calls one core flow, renders the
 * result and answers. No rule lives here. Nothing about a concern is ever written in a channel
 * or group chat: reports continue in the person's 1:1 chat.
 */
import { ActivityTypes, TurnContext, type Activity, type CloudAdapter, type ConversationParameters } from 'botbuilder';
import { MISSED, untilTurnDeadline, type LateOpen } from './turn-deadline';
import { cardActivity, invokeCard } from './cards';
import type { CoreDeps } from '../../core/deps';
import * as report from '../../core/incidents/report-flow';
import type { AdaptiveCard } from '../../cards';
import { wizardCard } from '../../views/report';
import type { Logger } from '../../log';
import { runAction } from '../../actions/registry';
import { commandArgs, HELP, type Command, type CommandAnswer, type CommandContext } from '../../actions/commands';
import { resolveActor, tenantOf, type Actor } from './identity';
import { captureChannel, captureRoster } from './roster';
import { TeamsRouter, type MessageTurn, type Turn } from './router';
import { searchLimit, searchPeopleForDraft } from '../../core/incidents/person-search';
import { PUPIL_LINK_DATASET, searchPupilsToLink } from '../../core/pupils/link';
import { reportFileReceived, type FilePlace } from '../../core/incidents/file-received';
import { fileWarningText } from '../../views/alerts';

const CARD = 'application/vnd.microsoft.card.adaptive';

/** What the first message of a 1:1 chat opened from a channel answers: a command, or a file's advice. */
type PrivateOpening = Command | 'file';

export class TeamsBot {
  private readonly router: TeamsRouter;

  constructor(
    private readonly deps: CoreDeps,
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly log: Logger,
    /** Puts a 1:1 chat opened during a turn under the same reply deadline. */
    private readonly guard: (context: TurnContext) => void = () => undefined,
    /** Hands a 1:1 chat the turn could not wait for to the outbox, which opens it later. */
    private readonly openLater: (context: TurnContext, email: string, open: LateOpen) => Promise<void> = async () => {
      throw new Error('NO_LATE_OPEN');
    },
  ) {
    this.router = new TeamsRouter((context) => resolveActor(deps, context))
      .message((turn) => this.onMessage(turn))
      .invoke('adaptiveCard/action', (turn) => this.onCardAction(turn))
      .invoke('application/search', (turn) => this.onSearch(turn))
      .update(async ({ context }) => {
        await captureChannel(this.deps, context);
        await captureRoster(this.deps, context, this.log);
      });
  }

  /** Handles one turn. */
  async onTurn(context: TurnContext): Promise<void> {
    return this.router.route(context);
  }

  /** A command run for the person who typed it, worded for Teams. */
  private runCommand(command: Command, actor: Actor, typed = ''): Promise<CommandAnswer> {
    const ctx: CommandContext = { deps: this.deps, person: actor.person, reporter: actor.reporter, usage: (name) => `**${name}**`, args: commandArgs(typed) };
    return command.handle(ctx);
  }

  /** The first messages of a 1:1 chat opened from a channel or group chat. */
  private async firstPrivateMessages(opening: PrivateOpening, actor: Actor): Promise<Partial<Activity>[]> {
    if (opening === 'file') return [{ type: ActivityTypes.Message, text: fileWarningText('Teams') }];
    return messagesOf(await this.runCommand(opening, actor));
  }

  private async onMessage(turn: MessageTurn): Promise<void> {
    const { context, command } = turn;
    const a = context.activity;
    // Teams retries a slow turn with the same activity id: act once.
    if (a.id && !(await this.deps.store.inbound.firstSeen('teams', `message:${a.id}`, this.deps.clock.now()))) return;
    if (a.conversation?.conversationType !== 'personal') {
      await captureChannel(this.deps, context);
      if (hasFiles(context)) await this.onFile(turn, a.conversation?.conversationType === 'channel' ? 'channel' : 'group');
      else if (command?.inChannel) await this.moveToPrivateChat(turn, command);
      return;
    }
    if (hasFiles(context)) return this.onFile(turn, 'personal');
    const actor = await turn.actor();
    if (!actor) {
      await context.sendActivity("Sorry — I couldn't confirm who you are from Teams, so I can't take a report here. Please tell the DSL in person.");
      return;
    }
    if (!command) {
      const open = await report.currentView(this.deps, actor.reporter);
      if (open) {
        await context.sendActivity('You have a report in progress: please use the card (here it is again), or type **cancel** to discard it. I do not keep messages typed here.');
        await context.sendActivity(cardMessage(wizardCard(open)));
        return;
      }
    }
    for (const message of messagesOf(await this.runCommand(command ?? HELP, actor, command ? turn.text : ''))) await context.sendActivity(message);
  }

  /**
   * A file or image: never opened, stored, forwarded or logged (UKCIS; 002 appendix G),
   * and the sender is not told to delete it (004 §20.5: do not delete). The DSL team hears who,
   * when and where; in a channel or group chat the advice goes to the sender's 1:1 chat.
   */
  private async onFile(turn: Turn, place: FilePlace): Promise<void> {
    const { context } = turn;
    const a = context.activity;
    const actor = await turn.actor();
    await reportFileReceived(this.deps, { platform: 'teams', messageId: a.id ?? `${a.from.id}:${this.deps.clock.now().getTime()}`, place, sender: actor?.person ?? null, senderName: a.from.name ?? null });
    this.log.info({ code: 'TEAMS_FILE_RECEIVED', place }, 'a file was sent to the bot (not kept)');
    if (place === 'personal') await context.sendActivity(fileWarningText('Teams'));
    else await this.moveToPrivateChat(turn, 'file');
  }

  /** Channel or group chat: say only that we've gone private, then continue in the 1:1 chat. */
  private async moveToPrivateChat(turn: Turn, opening: PrivateOpening): Promise<void> {
    const { context } = turn;
    const a = context.activity;
    const actor = await turn.actor();
    if (!actor) {
      await context.sendActivity("Sorry — I couldn't confirm who you are from Teams. Please message me directly, or tell the DSL in person.");
      return;
    }
    const tenantId = tenantOf(context);
    // The turn waits for the 1:1 chat only until its deadline; a chat not yet opened by then is
    // opened by the outbox, and the abandoned call, should it succeed after all, sends nothing.
    let started = false;
    let abandoned = false;
    let opened = false;
    const params: ConversationParameters = { isGroup: false, bot: a.recipient, members: [a.from], tenantId: tenantId ?? undefined, channelData: { tenant: { id: tenantId } } };
    const chat = this.adapter
      .createConversationAsync(this.appId, 'msteams', a.serviceUrl, '', params, async (privateContext) => {
        if (abandoned) return;
        started = true;
        this.guard(privateContext);
        // Keep the new 1:1 chat so notifications and the rest of the report go there.
        const ref = TurnContext.getConversationReference(privateContext.activity) as Record<string, unknown>;
        await this.deps.store.identities.upsert({ platform: 'teams', platformUserId: a.from.id, email: actor.person.email, name: actor.person.name, tenantId, conversationRef: { ...ref, user: a.from } });
        for (const message of await this.firstPrivateMessages(opening, actor)) await privateContext.sendActivity(message);
        opened = true;
      })
      .catch((err: unknown) => this.log.warn({ code: codeOf(err) }, 'could not open a 1:1 chat'));
    if ((await untilTurnDeadline(chat)) === MISSED) {
      // Started: its replies are under the deadline already. Not started: the outbox opens the chat.
      opened = true;
      if (!started) {
        abandoned = true;
        try {
          const activities = await this.firstPrivateMessages(opening, actor);
          await this.openLater(context, actor.person.email, { serviceUrl: a.serviceUrl, bot: a.recipient, member: a.from, tenantId, name: actor.person.name, activities });
        } catch (err) {
          opened = false; // not kept: say so, as for a chat Teams would not open
          this.log.warn({ code: codeOf(err) }, 'could not keep a 1:1 chat to open later');
        }
      }
    }
    const notOpened =
      opening === 'file'
        ? "I couldn't message you privately. Please do not view, copy, forward or delete what was shared here, and speak to the DSL now."
        : "I couldn't message you privately. Please open a chat with me (Apps → Safeguard) and send \"report\" there.";
    await context.sendActivity(opened ? "I've sent you a private message." : notOpened);
  }

  private async onCardAction(turn: Turn): Promise<void> {
    const { context } = turn;
    const a = context.activity;
    const action = (a.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
    const actor = await turn.actor();
    if (!actor) return invokeError(context, 401, 'IDENTITY_UNKNOWN', "Sorry — I couldn't confirm who you are from Teams, so nothing was changed.");
    const ctx = { deps: this.deps, person: actor.person, reporter: actor.reporter, platformUserId: a.from.id, eventId: a.id ?? `${a.from.id}:${Date.now()}` };
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
  private async onSearch(turn: Turn): Promise<void> {
    const { context } = turn;
    const a = context.activity;
    const value = (a.value ?? {}) as { queryText?: unknown; dataset?: unknown; queryOptions?: { top?: unknown } };
    const actor = a.conversation?.conversationType === 'personal' ? await turn.actor() : null;
    if (!actor) return invokeError(context, 403, 'FORBIDDEN', 'You can search for people only while reporting a concern in your chat with me.');
    if (value.dataset === PUPIL_LINK_DATASET) {
      // Issue #11: the DSL team's pupil search when linking a typed name; anyone else gets the same refusal as a search outside a report.
      const linking = await searchPupilsToLink(this.deps, actor.person, value.queryText, searchLimit(value.queryOptions?.top));
      if (!linking.ok) return invokeError(context, 403, 'FORBIDDEN', 'You can search for people only while reporting a concern.');
      return invokeAnswer(context, { statusCode: 200, type: 'application/vnd.microsoft.search.searchResponse', value: { results: linking.results } });
    }
    const found = await searchPeopleForDraft(this.deps, actor.reporter, { dataset: value.dataset }, value.queryText, value.queryOptions?.top);
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

/** A command's answer as Teams messages: its text first, then each card. */
function messagesOf(answer: CommandAnswer): Partial<Activity>[] {
  return [...(answer.text ? [{ type: ActivityTypes.Message, text: answer.text }] : []), ...answer.cards.map(cardMessage)];
}

async function invokeAnswer(context: TurnContext, body: { statusCode: number; type: string; value: unknown }): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
}

/** A typed error answer for Teams (Universal Actions: application/vnd.microsoft.error). */
async function invokeError(context: TurnContext, statusCode: number, code: string, message: string): Promise<void> {
  await invokeAnswer(context, { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } });
}

/** Files or images (not cards, not the HTML rendering of the message text). */
function hasFiles(context: TurnContext): boolean {
  return (context.activity.attachments ?? []).some((att) => att.contentType !== 'text/html' && !att.contentType.startsWith('application/vnd.microsoft.card'));
}

function codeOf(err: unknown): string {
  const e = err as { code?: unknown; statusCode?: unknown; name?: unknown };
  return String(e?.code ?? e?.statusCode ?? e?.name ?? 'ERROR');
}

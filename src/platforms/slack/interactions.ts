/**
 * Slack interactions: /report, button clicks (block_actions) and modal submissions. Each parses
 * its input, calls the SAME card-action registry as Teams (one core flow per verb), converts the
 * answer card to Block Kit and answers. No rule lives here.
 *
 * Where answers go: a card answered from a message opens in a modal (so channel history never
 * holds incident details); from a modal, it replaces the modal. Short refusals are ephemeral.
 */
import { randomUUID } from 'node:crypto';
import type { BlockAction, BlockSuggestion, SlashCommand, ViewResponseAction, ViewSubmitAction, webApi } from '@slack/bolt';
import type { ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps';
import { cutText, renderNotice, type AdaptiveCard } from '../../cards';
import type { Logger } from '../../log';
// The registries are platform-neutral (no botbuilder import): both platforms dispatch through them.
import { formOf, runAction, titleOf, UNRECOGNISED, type ActionAnswer } from '../../actions/registry';
import { commandArgs, commandNamed, findCommand, HELP, type Command, type CommandContext } from '../../actions/commands';
import { convertCard, escapeMrkdwn, inputsFromState, optionsFor, SHOW_CARD_PREFIX, toMessage, toModal } from './blockkit';
import { searchLimit, searchPeopleForDraft } from '../../core/incidents/person-search';
import { LINK_PUPIL_INPUT, searchPupilsToLink } from '../../core/pupils/link';
import { PUPIL_FILTER_INPUT } from '../../core/incident-actions/list';
import { PEOPLE_DATASET, SOMEONE_ELSE } from '../../core/incidents/wizard';
import { resolveSlackUser, resolveSlackUserWithin, USER_LOOKUP_TIMEOUT_MS, type Actor } from './identity';
import { reportFileReceived } from '../../core/incidents/file-received';
import { fileWarningText } from '../../views/alerts';
import { MESSAGE_KINDS } from '../../core/notify/enqueue';
import { blockActionBody, commandBody, hasFiles, inputBlock, modalMeta, parseJsonObject, suggestionBody, viewSubmissionBody, type ModalMeta } from './payloads';

/** The callback_id of every modal the bot opens. */
export const MODAL_CALLBACK = 'safeguard.card';

type Obj = Record<string, unknown>;

const WHO_UNKNOWN = "Sorry — I couldn't confirm who you are from Slack (your email is not visible to the app), so nothing was changed. Please tell the DSL in person.";
const WHO_NOT_NOW = 'We could not check who you are just now — please try again. Your answers here are kept.';

/** A modal for a card; its submit action (if any) and an idempotency key ride in private_metadata. */
export function modalFor(card: AdaptiveCard | Obj, verbHint: string): ModalView {
  const { submit } = convertCard(card, 'modal');
  const meta: ModalMeta | null = submit ? { v: submit.verb, d: submit.data, k: randomUUID() } : null;
  return toModal(card, { title: titleOf(meta?.v ?? verbHint), callbackId: MODAL_CALLBACK, privateMetadata: meta ? JSON.stringify(meta) : '{}' });
}

/** How a command is typed on Slack: report has its own slash command, the rest follow /safeguard. */
export const slackUsage = (name: string): string => (name === 'report' ? '/report' : `/safeguard ${name}`);

/** The command table's report entry, which /report runs. */
const REPORT = commandNamed('report');

/** A slash command's fields, read by zod from Bolt's body. */
type CommandBody = z.infer<typeof commandBody>;

const noticeCard = (text: string) => renderNotice({ title: 'Nothing was changed', text, style: 'warning' });

export class SlackInteractions {
  constructor(
    private readonly deps: CoreDeps,
    private readonly log: Logger,
  ) {}

  /** /report: the report command of the table, as /safeguard report runs it. */
  async onReportCommand(client: webApi.WebClient, command: SlashCommand): Promise<void> {
    return this.runCommand(client, commandBody.parse(command), REPORT);
  }

  /** /safeguard [command] (status when empty; help when it names none): the command table Teams uses. */
  async onSafeguardCommand(client: webApi.WebClient, command: SlashCommand): Promise<void> {
    const body = commandBody.parse(command);
    const typed = body.text.trim();
    const named = typed ? (findCommand(typed) ?? HELP) : commandNamed('status');
    return this.runCommand(client, body, named, named === HELP ? '' : typed);
  }

  /**
   * Runs one command of the table. A command that opens a form shows it in a modal opened at once
   * (the trigger_id lives 3 s); a text answer is ephemeral where it was typed; cards are posted in
   * the person's DM with the bot, where their buttons keep working.
   */
  private async runCommand(client: webApi.WebClient, body: CommandBody, command: Command, typed = ''): Promise<void> {
    const userId = body.user_id;
    const channel = body.channel_id;
    const form = command.form;
    let viewId: string | null = null;
    if (form) {
      let opened: Awaited<ReturnType<webApi.WebClient['views']['open']>>;
      const first = command === REPORT ? renderNotice({ title: 'Opening your report…', text: 'One moment.' }) : renderNotice({ title: 'One moment…', text: '' });
      try {
        opened = await client.views.open({ trigger_id: body.trigger_id, view: modalFor(first, form) });
      } catch (err) {
        // The command was acked first and its trigger lives 3 s, so the person is told through the outbox (that notice is worded for the report form).
        if (command === REPORT) await tellLater(this.deps, userId, `slack:${body.trigger_id}`, 'form_not_opened');
        throw err;
      }
      viewId = opened.view?.id ?? null;
      if (!viewId) return;
    }
    const say = async (text: string) => {
      if (viewId) await client.views.update({ view_id: viewId, view: modalFor(noticeCard(text), form ?? '') });
      else if (channel) await client.chat.postEphemeral({ channel, user: userId, text: escapeMrkdwn(text) });
    };
    const actor = await resolveSlackUser(this.deps, client, userId, body.team_id);
    if (!actor) return say(WHO_UNKNOWN);
    const ctx: CommandContext = { deps: this.deps, person: actor.person, reporter: actor.reporter, usage: slackUsage, args: commandArgs(typed) };
    const { text, cards } = await command.handle(ctx);
    if (viewId && cards[0]) {
      await client.views.update({ view_id: viewId, view: modalFor(cards[0], form!) });
      return;
    }
    if (!cards.length) return say(text ?? '');
    const dm = (await client.conversations.open({ users: userId })).channel?.id;
    if (!dm) return say('Sorry — I could not open a direct message with you. Please try again.');
    if (text) await client.chat.postMessage({ channel: dm, text: escapeMrkdwn(text) });
    for (const card of cards) await client.chat.postMessage({ channel: dm, ...toMessage(card, 'Your duties'), unfurl_links: false, unfurl_media: false });
    if (channel && channel !== dm) await say('I have sent your duties to your direct messages with Safeguard.');
    this.log.info({ code: 'SLACK_SAFEGUARD_STATUS', cards: cards.length }, 'sent duty status');
  }

  /** A button: in a modal the answer replaces the modal; on a message it opens in a new modal. */
  async onBlockAction(client: webApi.WebClient, click: BlockAction): Promise<void> {
    const body = blockActionBody.parse(click);
    const action = body.actions[0];
    if (!action) return;
    const actionId = action.action_id;
    const { user, view, trigger_id: triggerId } = body;
    const teamId = body.team?.id ?? user.team_id;
    // The Home tab is a view too, but its answers open a modal like a message's.
    const place: Place = view?.type === 'modal' ? { kind: 'modal', viewId: view.id, hash: view.hash } : { kind: 'message', channel: body.channel?.id ?? body.container?.channel_id ?? '', triggerId };
    const actor = await resolveSlackUser(this.deps, client, user.id, teamId);
    if (!actor) return this.answer(client, place, user.id, { message: WHO_UNKNOWN }, actionId, triggerId);
    const data = parseJsonObject(action.value);
    if (actionId.startsWith(SHOW_CARD_PREFIX)) return this.showCardForm(client, actor, actionId.slice(SHOW_CARD_PREFIX.length), data, triggerId, place);
    const inputs = inputsFromState(view?.state?.values ?? body.state?.values);
    const answer = await this.dispatch(actor, actionId, { ...inputs, ...data }, triggerId);
    await this.answer(client, place, actor.reporter.platformUserId, answer, actionId, triggerId);
  }

  /** A modal's submit: dispatched like a click; the answer comes back in the HTTP response (response_action). */
  async onViewSubmission(client: webApi.WebClient, submission: ViewSubmitAction): Promise<ViewResponseAction | undefined> {
    const body = viewSubmissionBody.parse(submission);
    const { view, user } = body;
    const read = modalMeta.safeParse(parseJsonObject(view.private_metadata));
    if (!read.success) return undefined; // a notice: submitting just closes it
    const meta: ModalMeta = read.data;
    const actor = await resolveSlackUserWithin(this.deps, client, user.id, body.team?.id ?? null, USER_LOOKUP_TIMEOUT_MS);
    const firstInput = view.blocks.map((b) => inputBlock.safeParse(b)).find((b) => b.success)?.data;
    if (actor === 'unavailable') {
      // Fail closed, and keep what they typed: an error on the form leaves the modal open with its answers.
      this.log.warn({ code: 'SLACK_USER_LOOKUP_UNAVAILABLE' }, 'users.info failed or was late for a modal submission');
      if (firstInput) return { response_action: 'errors', errors: { [firstInput.block_id]: WHO_NOT_NOW } };
      return { response_action: 'update', view: modalFor(noticeCard(WHO_NOT_NOW), meta.v) };
    }
    if (!actor) return { response_action: 'update', view: modalFor(noticeCard(WHO_UNKNOWN), meta.v) };
    if (hasFiles(view.state?.values)) {
      // A file put in a modal is treated as one sent by DM (UKCIS; 004 §20.5): never read or kept, nothing submitted.
      await reportFileReceived(this.deps, { platform: 'slack', messageId: `view:${view.id}:${meta.k}`, place: 'personal', sender: actor.person, senderName: null });
      return { response_action: 'update', view: modalFor(renderNotice({ title: 'I did not keep that file', text: fileWarningText('Slack'), style: 'attention' }), meta.v) };
    }
    const inputs = inputsFromState(view.state?.values);
    // view.id + the key minted when the modal was drawn: a double submission is one event to the core.
    const answer = await this.dispatch(actor, meta.v, { ...inputs, ...meta.d }, `view:${view.id}:${meta.k}`);
    if ('card' in answer) return { response_action: 'update', view: modalFor(answer.card, meta.v) };
    if (firstInput) return { response_action: 'errors', errors: { [firstInput.block_id]: cutText(answer.message, 150, 'chars', '…') } };
    return { response_action: 'update', view: modalFor(noticeCard(answer.message), meta.v) };
  }

  /**
   * block_suggestion: options for a person picker (external_select) as the reporter types. Only a
   * reporter whose open draft is at the picker's step gets names; anyone else gets no options.
   */
  async onOptions(client: webApi.WebClient, suggestion: BlockSuggestion): Promise<{ options: PlainTextOption[] }> {
    const body = suggestionBody.parse(suggestion);
    const { user } = body;
    const actor = await resolveSlackUserWithin(this.deps, client, user.id, body.team?.id ?? user.team_id, USER_LOOKUP_TIMEOUT_MS);
    if (actor === 'unavailable') this.log.warn({ code: 'SLACK_USER_LOOKUP_UNAVAILABLE' }, 'users.info failed or was late for picker options');
    if (!actor || actor === 'unavailable') return { options: [] };
    if (body.action_id === LINK_PUPIL_INPUT || body.action_id === PUPIL_FILTER_INPUT) {
      // Issue #11: the DSL team's pupil search when linking a typed name or filtering their open concerns; anyone else gets no options.
      const linking = await searchPupilsToLink(this.deps, actor.person, body.value, searchLimit(undefined));
      return optionsFor(linking.ok ? linking.results : []);
    }
    const found = await searchPeopleForDraft(this.deps, actor.reporter, { fieldId: body.action_id }, body.value);
    if (!found.ok) {
      this.log.info({ code: 'PEOPLE_SEARCH_REFUSED', reason: found.code }, 'people search refused');
      return { options: [] };
    }
    // Slack shows only what the bot returns, so the way out ("not on this list") is always offered; a pupil picker's way out is the name box beside it.
    return optionsFor(found.dataset === PEOPLE_DATASET ? [...found.results, { ...SOMEONE_ELSE }] : found.results);
  }

  /** Calls the one registry entry for `verb`; on Slack every refusal is a short message. */
  private async dispatch(actor: Actor, verb: string, raw: Obj, eventId: string): Promise<ActionAnswer> {
    const result = await runAction({ deps: this.deps, person: actor.person, reporter: actor.reporter, platformUserId: actor.reporter.platformUserId, eventId }, verb, raw, this.log);
    return 'answer' in result ? result.answer : { message: result.failure.message };
  }

  /** The Action.ShowCard form that submits `verb`, re-rendered from the database for this person and pushed as its own modal. */
  private async showCardForm(client: webApi.WebClient, actor: Actor, verb: string, data: Obj, triggerId: string, place: Place): Promise<void> {
    const userId = actor.reporter.platformUserId;
    const formCard = formOf(verb);
    if (!formCard) return this.answer(client, place, userId, { message: UNRECOGNISED }, verb, triggerId);
    const source = await formCard({ deps: this.deps, person: actor.person, platformUserId: userId }, data);
    if ('message' in source) return this.answer(client, place, userId, { message: source.message }, verb, triggerId);
    // No form for this person any more (decided, done, not theirs): show the card as it stands.
    const inner = findShowCard(source.card, verb);
    if (!inner) return this.answer(client, place, userId, { card: source.card }, verb, triggerId);
    // The references the person saw (their version), not the re-rendered ones: a stale form stays stale.
    const form = source.seenRefs ? { ...inner, actions: ((inner.actions as Obj[]) ?? []).map((a) => (a.type === 'Action.Execute' ? { ...a, data } : a)) } : inner;
    const modal = modalFor(form, verb);
    if (place.kind === 'modal') await client.views.push({ trigger_id: triggerId, view: modal });
    else await client.views.open({ trigger_id: triggerId, view: modal });
  }

  private async answer(client: webApi.WebClient, place: Place, userId: string, answer: ActionAnswer, verb: string, triggerId: string): Promise<void> {
    if (place.kind === 'modal') {
      if ('card' in answer) await client.views.update({ view_id: place.viewId, view: modalFor(answer.card, verb) });
      else await client.views.push({ trigger_id: triggerId, view: modalFor(noticeCard(answer.message), verb) });
      return;
    }
    if ('card' in answer) await client.views.open({ trigger_id: place.triggerId, view: modalFor(answer.card, verb) });
    else if (place.channel) await client.chat.postEphemeral({ channel: place.channel, user: userId, text: escapeMrkdwn(answer.message) });
    else await client.views.open({ trigger_id: place.triggerId, view: modalFor(noticeCard(answer.message), verb) });
  }
}

type Place = { kind: 'modal'; viewId: string; hash: string | null } | { kind: 'message'; channel: string; triggerId: string };

/** The inner card of the ShowCard whose form submits `verb`. */
function findShowCard(card: unknown, verb: string): Obj | null {
  let found: Obj | null = null;
  const walk = (n: unknown) => {
    if (found || !n || typeof n !== 'object') return;
    const o = n as Obj;
    if (o.type === 'Action.ShowCard') {
      const inner = o.card as Obj | undefined;
      if (((inner?.actions as Obj[]) ?? []).some((a) => a.verb === verb)) {
        found = inner!;
        return;
      }
    }
    for (const v of Object.values(o)) walk(v);
  };
  walk(card);
  return found;
}

/** A message the turn could not show: a durable outbox row to the person's DM, sent when Slack answers again, so no one is left waiting. */
async function tellLater(deps: CoreDeps, userId: string, key: string, notice: 'form_not_opened'): Promise<void> {
  const identity = await deps.store.identities.findByPlatformId('slack', userId);
  if (!identity) return; // never seen: there is no one to write to but the person who is looking at Slack now
  const now = deps.clock.now();
  await deps.store.outbox.enqueue({ dedupeKey: `reply:${key}`, kind: MESSAGE_KINDS.replyLate, recipient: { type: 'person', email: identity.email }, incidentId: null, payload: { platform: 'slack', notice }, nextAttemptAt: now }, now);
}

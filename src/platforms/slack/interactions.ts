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
import * as report from '../../core/incidents/report-flow';
import { openIncident } from '../../core/escalations/view';
import { cutText, renderNotice, type AdaptiveCard } from '../../cards';
import { wizardCard } from '../../views/report';
import { detailsCard } from '../../views/incident';
import type { Logger } from '../../log';
// The registry is platform-neutral (no botbuilder import): both platforms dispatch through it.
import { runAction, type ActionAnswer } from '../../actions/registry';
import { dutyCommandCards, dutyFormCard } from '../../actions/duties';
import { convertCard, escapeMrkdwn, inputsFromState, optionsFor, SHOW_CARD_PREFIX, toMessage, toModal } from './blockkit';
import { searchPeopleForDraft } from '../../core/incidents/person-search';
import { SOMEONE_ELSE } from '../../core/incidents/wizard';
import { resolveSlackUser, resolveSlackUserWithin, USER_LOOKUP_TIMEOUT_MS, type SlackSender } from './identity';
import { reportFileReceived } from '../../core/incidents/file-received';
import { fileWarningText } from '../../views/alerts';
import { MESSAGE_KINDS } from '../../core/notify/enqueue';
import { blockActionBody, commandBody, hasFiles, inputBlock, modalMeta, parseJsonObject, suggestionBody, viewSubmissionBody, type ModalMeta } from './payloads';

/** The callback_id of every modal the bot opens. */
export const MODAL_CALLBACK = 'safeguard.card';

type Obj = Record<string, unknown>;

const WHO_UNKNOWN = "Sorry — I couldn't confirm who you are from Slack (your email is not visible to the app), so nothing was changed. Please tell the DSL in person.";
const WHO_NOT_NOW = 'We could not check who you are just now — please try again. Your answers here are kept.';

function titleFor(verb: string): string {
  if (verb.startsWith('report.')) return 'Report a concern';
  if (verb.startsWith('info.')) return 'Your report';
  if (verb.startsWith('duty.')) return 'Your duties';
  if (verb.startsWith('filter.')) return 'Filtering request';
  return 'Safeguarding concern';
}

/** A modal for a card; its submit action (if any) and an idempotency key ride in private_metadata. */
export function modalFor(card: AdaptiveCard | Obj, verbHint: string): ModalView {
  const { submit } = convertCard(card, 'modal');
  const meta: ModalMeta | null = submit ? { v: submit.verb, d: submit.data, k: randomUUID() } : null;
  return toModal(card, { title: titleFor(meta?.v ?? verbHint), callbackId: MODAL_CALLBACK, privateMetadata: meta ? JSON.stringify(meta) : '{}' });
}

/** The /safeguard words that open a form in a modal (the rest answer in the person's DM). */
const FORM_COMMANDS: Record<string, string> = { aua: 'duty.sign', unblock: 'filter.request' };
const SAFEGUARD_USAGE = 'Try /safeguard status (your duties; for the DSL team, compliance at a glance), /safeguard aua (the acceptable use agreement) or /safeguard unblock (ask to unblock a website for a lesson).';

const noticeCard = (text: string) => renderNotice({ title: 'Nothing was changed', text, style: 'warning' });

export class SlackInteractions {
  constructor(
    private readonly deps: CoreDeps,
    private readonly log: Logger,
  ) {}

  /** /report: a first view at once (the trigger_id lives 3 s), then the wizard step with views.update. */
  async onReportCommand(client: webApi.WebClient, command: SlashCommand): Promise<void> {
    const body = commandBody.parse(command);
    let opened: Awaited<ReturnType<webApi.WebClient['views']['open']>>;
    try {
      opened = await client.views.open({
        trigger_id: body.trigger_id,
        view: toModal(renderNotice({ title: 'Opening your report…', text: 'One moment.' }), { title: 'Report a concern', callbackId: MODAL_CALLBACK, privateMetadata: '{}' }),
      });
    } catch (err) {
      // The command was acked first and its trigger lives 3 s, so the person is told through the outbox instead: a report is never silently lost.
      await tellLater(this.deps, body.user_id, `slack:${body.trigger_id}`, 'form_not_opened');
      throw err;
    }
    const viewId = opened.view?.id;
    if (!viewId) return;
    const sender = await resolveSlackUser(this.deps, client, body.user_id, body.team_id);
    if (!sender) {
      await client.views.update({ view_id: viewId, view: modalFor(noticeCard(WHO_UNKNOWN), 'report.next') });
      return;
    }
    const { view } = await report.startReport(this.deps, sender.reporter);
    await client.views.update({ view_id: viewId, view: modalFor(wizardCard(view), 'report.next') });
  }

  /**
   * /safeguard [status | aua | unblock] (status when empty), through the same dutyCommandCards as
   * Teams: aua and unblock open their form in a modal at once (the trigger_id lives 3 s); status
   * cards are posted in the person's DM with the bot, where their buttons keep working.
   */
  async onSafeguardCommand(client: webApi.WebClient, command: SlashCommand): Promise<void> {
    const body = commandBody.parse(command);
    const word = body.text.trim().toLowerCase().replace(/\s+/g, ' ') || 'status';
    const userId = body.user_id;
    const channel = body.channel_id;
    const formVerb = FORM_COMMANDS[word];
    let viewId: string | null = null;
    if (formVerb) {
      const opened = await client.views.open({ trigger_id: body.trigger_id, view: modalFor(renderNotice({ title: 'One moment…', text: '' }), formVerb) });
      viewId = opened.view?.id ?? null;
      if (!viewId) return;
    }
    const say = async (text: string) => {
      if (viewId) await client.views.update({ view_id: viewId, view: modalFor(noticeCard(text), formVerb ?? 'duty.aua') });
      else if (channel) await client.chat.postEphemeral({ channel, user: userId, text: escapeMrkdwn(text) });
    };
    const sender = await resolveSlackUser(this.deps, client, userId, body.team_id);
    if (!sender) return say(WHO_UNKNOWN);
    const cards = await dutyCommandCards(this.deps, word, sender.person);
    if (!cards || !cards.length) return say(SAFEGUARD_USAGE);
    if (viewId && formVerb) {
      await client.views.update({ view_id: viewId, view: modalFor(cards[0], formVerb) });
      return;
    }
    const dm = (await client.conversations.open({ users: userId })).channel?.id;
    if (!dm) return say('Sorry — I could not open a direct message with you. Please try again.');
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
    const sender = await resolveSlackUser(this.deps, client, user.id, teamId);
    if (!sender) return this.answer(client, place, user.id, { message: WHO_UNKNOWN }, actionId, triggerId);
    const data = parseJsonObject(action.value);
    if (actionId.startsWith(SHOW_CARD_PREFIX)) return this.showCardForm(client, sender, actionId.slice(SHOW_CARD_PREFIX.length), data, triggerId, place);
    const inputs = inputsFromState(view?.state?.values ?? body.state?.values);
    const answer = await this.dispatch(sender, actionId, { ...inputs, ...data }, triggerId);
    await this.answer(client, place, sender.reporter.platformUserId, answer, actionId, triggerId);
  }

  /** A modal's submit: dispatched like a click; the answer comes back in the HTTP response (response_action). */
  async onViewSubmission(client: webApi.WebClient, submission: ViewSubmitAction): Promise<ViewResponseAction | undefined> {
    const body = viewSubmissionBody.parse(submission);
    const { view, user } = body;
    const read = modalMeta.safeParse(parseJsonObject(view.private_metadata));
    if (!read.success) return undefined; // a notice: submitting just closes it
    const meta: ModalMeta = read.data;
    const sender = await resolveSlackUserWithin(this.deps, client, user.id, body.team?.id ?? null, USER_LOOKUP_TIMEOUT_MS);
    const firstInput = view.blocks.map((b) => inputBlock.safeParse(b)).find((b) => b.success)?.data;
    if (sender === 'unavailable') {
      // Fail closed, and keep what they typed: an error on the form leaves the modal open with its answers.
      this.log.warn({ code: 'SLACK_USER_LOOKUP_UNAVAILABLE' }, 'users.info failed or was late for a modal submission');
      if (firstInput) return { response_action: 'errors', errors: { [firstInput.block_id]: WHO_NOT_NOW } };
      return { response_action: 'update', view: modalFor(noticeCard(WHO_NOT_NOW), meta.v) };
    }
    if (!sender) return { response_action: 'update', view: modalFor(noticeCard(WHO_UNKNOWN), meta.v) };
    if (hasFiles(view.state?.values)) {
      // A file put in a modal is treated as one sent by DM (UKCIS; 004 §20.5): never read or kept, nothing submitted.
      await reportFileReceived(this.deps, { platform: 'slack', messageId: `view:${view.id}:${meta.k}`, place: 'personal', sender: sender.person, senderName: null });
      return { response_action: 'update', view: modalFor(renderNotice({ title: 'I did not keep that file', text: fileWarningText('Slack'), style: 'attention' }), meta.v) };
    }
    const inputs = inputsFromState(view.state?.values);
    // view.id + the key minted when the modal was drawn: a double submission is one event to the core.
    const answer = await this.dispatch(sender, meta.v, { ...inputs, ...meta.d }, `view:${view.id}:${meta.k}`);
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
    const sender = await resolveSlackUserWithin(this.deps, client, user.id, body.team?.id ?? user.team_id, USER_LOOKUP_TIMEOUT_MS);
    if (sender === 'unavailable') this.log.warn({ code: 'SLACK_USER_LOOKUP_UNAVAILABLE' }, 'users.info failed or was late for picker options');
    if (!sender || sender === 'unavailable') return { options: [] };
    const found = await searchPeopleForDraft(this.deps, sender.reporter, { fieldId: body.action_id }, body.value);
    if (!found.ok) {
      this.log.info({ code: 'PEOPLE_SEARCH_REFUSED', reason: found.code }, 'people search refused');
      return { options: [] };
    }
    // Slack shows only what the bot returns, so the way out ("not on this list") is always offered.
    return optionsFor([...found.results, { ...SOMEONE_ELSE }]);
  }

  /** Calls the one registry entry for `verb`; on Slack every refusal is a short message. */
  private async dispatch(sender: SlackSender, verb: string, raw: Obj, eventId: string): Promise<ActionAnswer> {
    const result = await runAction({ deps: this.deps, person: sender.person, reporter: sender.reporter, platformUserId: sender.reporter.platformUserId, eventId }, verb, raw, this.log);
    return 'answer' in result ? result.answer : { message: result.failure.message };
  }

  /** An Action.ShowCard form of a duty or filtering card, re-rendered from the database for this person. */
  private async dutyForm(client: webApi.WebClient, sender: SlackSender, verb: string, data: Obj, triggerId: string, place: Place): Promise<void> {
    const source = await dutyFormCard(this.deps, sender.person, verb, data);
    if (!source) return this.answer(client, place, sender.reporter.platformUserId, { message: 'That reminder or request no longer exists.' }, verb, triggerId);
    // No form for this person any more (decided, done, not theirs): show the card as it stands.
    const inner = findShowCard(source, verb);
    if (!inner) return this.answer(client, place, sender.reporter.platformUserId, { card: source }, verb, triggerId);
    const modal = modalFor(inner, verb);
    if (place.kind === 'modal') await client.views.push({ trigger_id: triggerId, view: modal });
    else await client.views.open({ trigger_id: triggerId, view: modal });
  }

  /** An Action.ShowCard form of the details card, pushed as its own modal (re-authorised on open). */
  private async showCardForm(client: webApi.WebClient, sender: SlackSender, verb: string, data: Obj, triggerId: string, place: Place): Promise<void> {
    if (verb.startsWith('duty.') || verb.startsWith('filter.')) return this.dutyForm(client, sender, verb, data, triggerId, place);
    // Incident ids are UUIDs: anything else names no concern, and is not looked up.
    const incidentId = z.uuid().safeParse(data.incidentId);
    const outcome = incidentId.success ? await openIncident(this.deps, sender.person, incidentId.data) : ({ status: 'not_found' } as const);
    if (outcome.status !== 'ok') {
      const message = outcome.status === 'forbidden' ? "Sorry — you don't have access to this concern. Nothing was changed, and the attempt has been recorded." : 'That concern no longer exists.';
      return this.answer(client, place, sender.reporter.platformUserId, { message }, verb, triggerId);
    }
    const inner = findShowCard(detailsCard(this.deps.school, outcome.dossier, sender.reporter.platformUserId), verb);
    if (!inner) return this.answer(client, place, sender.reporter.platformUserId, { card: detailsCard(this.deps.school, outcome.dossier, sender.reporter.platformUserId) }, verb, triggerId);
    // The references the person saw (their version), not the re-rendered ones: a stale form stays stale.
    const withSeenRefs = { ...inner, actions: ((inner.actions as Obj[]) ?? []).map((a) => (a.type === 'Action.Execute' ? { ...a, data } : a)) };
    const modal = modalFor(withSeenRefs, verb);
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

/**
 * Adaptive Card → Block Kit, for the subset of Adaptive Cards that cards/*.json use. Slack gets the
 * same cards as Teams (one UI definition), converted here rather than written twice.
 *
 * Every piece of card text becomes `plain_text`, which Slack never parses for mentions or
 * formatting: user text such as `<!channel>` or `*bold*` stays literal. The one mrkdwn string we
 * send, a message's notification `text`, goes through {@link escapeMrkdwn}.
 */
import type { ActionsBlock, Button, InputBlock, KnownBlock, ModalView, PlainTextElement, PlainTextOption } from '@slack/types';
import { cutText, splitText, TRUNCATION_MARKER, type AdaptiveCard } from '../../cards';
import { fitBlocks } from './fit';

/** Slack's limits (Block Kit reference: blocks, block elements, composition objects; views; chat.postMessage). */
export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  /** A context block's text element (kept under the text object's 3000 so a context never fails alone). */
  contextText: 2000,
  headerText: 150,
  /** A modal's title, submit and close buttons. */
  modalTitle: 24,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  privateMetadata: 3000,
  label: 2000,
  placeholder: 150,
  inputMaxLength: 3000,
  contextElements: 10,
  actionsElements: 25,
  expandedChoices: 10,
  selectOptions: 100,
  /** chat.postMessage's `text`: longer is truncated by Slack (msg_too_long for some methods). */
  messageText: 40000,
  /**
   * The text of all blocks of one message: Slack answers msg_blocks_too_long at about 13,000
   * characters though no limit is documented (slackapi/bolt-js#2509), so messages stay under this.
   */
  messageBlocksText: 12000,
  /**
   * The most sections one text is split over before it is cut instead: a container's lines become
   * one text, so a wizard section of long answers needs several; fitBlocks() shrinks a view past its limit.
   */
  splitPieces: 6,
} as const;

type Obj = Record<string, unknown>;
/** A block the converter draws: one of Slack's known blocks, so a misspelt field fails the build. */
export type Block = KnownBlock;
/** The elements an input block of ours holds (its `element`). */
type InputElement = InputBlock['element'];

/** The action behind a modal's submit button: an Action.Execute's verb and its data. */
export interface SubmitAction {
  verb: string;
  data: Obj;
  title: string;
}

export interface Converted {
  blocks: Block[];
  /** Modal surfaces only: the card's primary Action.Execute, which becomes the submit button. */
  submit?: SubmitAction;
}

/** The action_id prefix of a button that opens an Action.ShowCard's inner card in a pushed modal. */
export const SHOW_CARD_PREFIX = 'show:';

/** Escapes the three characters Slack's mrkdwn acts on (no <!channel>, <@U…> or links from user text). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const WORD_JOINER = /\u2060/g;
/** A short label (button, option, title) cut at a grapheme boundary with an ellipsis. */
const clip = (s: string, n: number) => cutText(s, n, 'chars', '…');
const plain = (text: string, max: number = LIMITS.sectionText): PlainTextElement => ({ type: 'plain_text', text: clip(text.replace(WORD_JOINER, '') || ' ', max), emoji: false });
/** Text a person reads in full elsewhere (the record): cut with the marker that says so. */
const reading = (text: string, max: number): PlainTextElement => ({ type: 'plain_text', text: cutText(text.replace(WORD_JOINER, '') || ' ', max), emoji: false });

interface TextLine {
  text: string;
  strong: boolean;
  large: boolean;
  subtle: boolean;
  alert: boolean;
}

/** The text of a TextBlock or RichTextBlock, with the look that decides its Slack block. */
function textOf(el: Obj): TextLine | null {
  if (el.type === 'TextBlock' && typeof el.text === 'string') {
    return { text: el.text, strong: el.weight === 'Bolder', large: el.size === 'Large', subtle: el.isSubtle === true || el.size === 'Small', alert: el.color === 'Attention' };
  }
  if (el.type === 'RichTextBlock' && Array.isArray(el.inlines)) {
    const runs = (el.inlines as Obj[]).filter((r) => typeof r.text === 'string');
    if (!runs.length) return null;
    const first = runs[0];
    return {
      text: runs.map((r) => r.text as string).join(''),
      strong: first.weight === 'Bolder',
      large: first.size === 'Large' || first.size === 'Medium',
      subtle: runs.every((r) => r.isSubtle === true || r.size === 'Small'),
      alert: first.color === 'Attention',
    };
  }
  return null;
}

/**
 * Long text is split over a few sections (at grapheme boundaries) rather than cut; past that, or
 * when the view must shrink to fit (ctx.textCap), it is cut with the marker: the record has it all.
 */
function sections(text: string, ctx: Ctx): Block[] {
  const clean = text.replace(WORD_JOINER, '') || ' ';
  const max = Math.min(LIMITS.sectionText, ctx.textCap ?? LIMITS.sectionText);
  const pieces = ctx.textCap === undefined ? splitText(clean, max) : [clean];
  const kept = pieces.slice(0, LIMITS.splitPieces);
  if (pieces.length > kept.length) kept[kept.length - 1] = kept[kept.length - 1] + TRUNCATION_MARKER;
  return kept.map((piece) => ({ type: 'section', text: reading(piece, max) }));
}

function lineBlocks(line: TextLine, canHeader: boolean, ctx: Ctx): Block[] {
  const text = line.alert ? `⚠️ ${line.text}` : line.text;
  if (line.strong && line.large && canHeader && text.length <= LIMITS.headerText) return [{ type: 'header', text: plain(text, LIMITS.headerText) }];
  const contextMax = Math.min(LIMITS.contextText, ctx.textCap ?? LIMITS.contextText);
  if (line.subtle && text.length <= contextMax) return [{ type: 'context', elements: [plain(text, contextMax)] }];
  return sections(text, ctx);
}

/** How a card is converted: for which surface, and (when shrinking to fit) the most characters any one text keeps. */
export interface ConvertOptions {
  textCap?: number;
}

interface Ctx {
  textCap?: number;
  surface: 'modal' | 'message';
  /** The Action.Execute taken as the modal's submit button (so it is not also drawn as a button). */
  submit?: Obj;
}

/** Converts a card's body and actions into blocks (and, for a modal, picks its submit action). */
export function convertCard(card: AdaptiveCard | Obj, surface: 'modal' | 'message', opts: ConvertOptions = {}): Converted {
  const actions = Array.isArray(card.actions) ? (card.actions as Obj[]) : [];
  const ctx: Ctx = { surface, textCap: opts.textCap };
  if (surface === 'modal') {
    // The positive Action.Execute that sends the inputs (else, on a form, the first) is the modal's submit button.
    // A form whose buttons sit in a body ActionSet (e.g. the unblock request) submits through them when the card has none of its own.
    const inBody = ((card.body as Obj[] | undefined) ?? []).filter((el) => el.type === 'ActionSet').flatMap((el) => (el.actions as Obj[]) ?? []);
    const candidates = (actions.length ? actions : inBody).filter((a) => a.type === 'Action.Execute' && a.associatedInputs !== 'none');
    ctx.submit = candidates.find((a) => a.style === 'positive') ?? (hasInputs(card) ? candidates[0] : undefined);
  }
  const blocks: Block[] = [];
  let first = true;
  for (const el of (card.body as Obj[] | undefined) ?? []) {
    blocks.push(...element(el, ctx, first));
    first = false;
  }
  const rest = actions.filter((a) => a !== ctx.submit);
  if (rest.length) blocks.push(...actionBlocks(rest, ctx));
  const submit = ctx.submit ? { verb: String(ctx.submit.verb), data: (ctx.submit.data as Obj) ?? {}, title: String(ctx.submit.title ?? 'Send') } : undefined;
  return { blocks, submit };
}

function hasInputs(node: unknown): boolean {
  if (!node || typeof node !== 'object') return false;
  const o = node as Obj;
  if (typeof o.type === 'string' && o.type.startsWith('Input.')) return true;
  // Inputs of a ShowCard belong to the pushed modal, not to this one.
  if (o.type === 'Action.ShowCard') return false;
  return Object.values(o).some((v) => (Array.isArray(v) ? v.some(hasInputs) : typeof v === 'object' && hasInputs(v)));
}

function element(el: Obj, ctx: Ctx, first: boolean): Block[] {
  const pre: Block[] = el.separator === true ? [{ type: 'divider' }] : [];
  const line = textOf(el);
  if (line) return [...pre, ...lineBlocks(line, first || line.large, ctx)];
  switch (el.type) {
    case 'Container':
      return [...pre, ...container(el, ctx)];
    case 'ColumnSet': {
      // Columns become one line: Slack has no columns, and the cards use them only for "reference · URGENT".
      const lines = ((el.columns as Obj[] | undefined) ?? []).flatMap((c) => collectLines((c.items as Obj[]) ?? []));
      if (!lines.length) return pre;
      const head = lines[0];
      return [...pre, ...lineBlocks({ ...head, text: lines.map((l) => l.text).join('  ·  ') }, first, ctx)];
    }
    case 'ActionSet':
      return [...pre, ...actionBlocks((el.actions as Obj[]) ?? [], ctx)];
    case 'Input.Text':
    case 'Input.Date':
    case 'Input.Time':
    case 'Input.ChoiceSet':
      return [...pre, input(el)];
    default:
      return pre;
  }
}

function collectLines(items: Obj[]): TextLine[] {
  return items.flatMap((it) => {
    const l = textOf(it);
    if (l) return [l];
    if (it.type === 'Container') return collectLines((it.items as Obj[]) ?? []);
    return [];
  });
}

/** A container of text only becomes one block; an alert style marks its first line. */
function container(el: Obj, ctx: Ctx): Block[] {
  const items = (el.items as Obj[]) ?? [];
  const alert = el.style === 'attention' || el.style === 'warning';
  const textOnly = items.every((it) => textOf(it) !== null || (it.type === 'Container' && textOnlyDeep(it)));
  if (textOnly) {
    const lines = collectLines(items);
    if (!lines.length) return [];
    const text = lines.map((l) => l.text).join('\n');
    const look = { ...lines[0], text, alert: alert || lines[0].alert, large: false };
    if (lines.length > 1) look.subtle = lines.every((l) => l.subtle);
    return lineBlocks(look, false, ctx);
  }
  const out: Block[] = [];
  items.forEach((it, i) => {
    const l = i === 0 ? textOf(it) : null;
    if (l && alert) out.push(...lineBlocks({ ...l, alert: true }, false, ctx));
    else out.push(...element(it, ctx, false));
  });
  return out;
}

function textOnlyDeep(el: Obj): boolean {
  return ((el.items as Obj[]) ?? []).every((it) => textOf(it) !== null || (it.type === 'Container' && textOnlyDeep(it)));
}

function actionBlocks(actions: Obj[], ctx: Ctx): ActionsBlock[] {
  const buttons = actions.filter((a) => a !== ctx.submit).map(button).filter((b): b is Button => b !== null);
  const out: ActionsBlock[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.actionsElements) out.push({ type: 'actions', elements: buttons.slice(i, i + LIMITS.actionsElements) });
  return out;
}

/** Action.Execute → button (action_id = verb, value = its data: references only); ShowCard → a button that pushes the form. */
function button(a: Obj): Button | null {
  const style: Pick<Button, 'style'> = a.style === 'positive' ? { style: 'primary' } : a.style === 'destructive' ? { style: 'danger' } : {};
  if (a.type === 'Action.Execute') {
    return { type: 'button', action_id: String(a.verb), text: plain(String(a.title ?? 'OK'), LIMITS.buttonText), value: clip(JSON.stringify(a.data ?? {}), LIMITS.buttonValue), ...style };
  }
  if (a.type === 'Action.ShowCard') {
    const inner = (a.card as Obj | undefined) ?? {};
    const primary = ((inner.actions as Obj[]) ?? []).find((x) => x.type === 'Action.Execute');
    if (!primary) return null;
    return { type: 'button', action_id: `${SHOW_CARD_PREFIX}${String(primary.verb)}`, text: plain(String(a.title ?? 'Open'), LIMITS.buttonText), value: clip(JSON.stringify(primary.data ?? {}), LIMITS.buttonValue) };
  }
  return null;
}

function option(c: Obj): PlainTextOption {
  return { text: plain(String(c.title ?? c.value), LIMITS.optionText), value: String(c.value).slice(0, LIMITS.optionValue) };
}

/** An input block: block_id and action_id are the card input's id, so the submitted state maps back to it. */
function input(el: Obj): InputBlock {
  const id = String(el.id);
  const value = typeof el.value === 'string' && el.value !== '' ? el.value : undefined;
  let element: InputElement;
  switch (el.type) {
    case 'Input.Date':
      element = { type: 'datepicker', action_id: id, ...(value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? { initial_date: value } : {}) };
      break;
    case 'Input.Time':
      element = { type: 'timepicker', action_id: id, ...(value && /^\d{2}:\d{2}$/.test(value) ? { initial_time: value } : {}) };
      break;
    case 'Input.ChoiceSet': {
      if (isDataQuery(el['choices.data'])) {
        element = externalSelect(el, id, value);
        break;
      }
      const choices = ((el.choices as Obj[]) ?? []).map(option);
      const multi = el.isMultiSelect === true;
      const chosen = value ? value.split(',') : [];
      const initial = choices.filter((c) => chosen.includes(String(c.value)));
      const few = el.style === 'expanded' && choices.length <= LIMITS.expandedChoices;
      const options = choices.slice(0, LIMITS.selectOptions);
      const many = initial.length ? { initial_options: initial } : {};
      const one = initial.length ? { initial_option: initial[0] } : {};
      if (multi) element = few ? { type: 'checkboxes', action_id: id, options, ...many } : { type: 'multi_static_select', action_id: id, options, ...many };
      else element = few ? { type: 'radio_buttons', action_id: id, options, ...one } : { type: 'static_select', action_id: id, options, ...one };
      break;
    }
    default: {
      const max = typeof el.maxLength === 'number' ? Math.min(el.maxLength, LIMITS.inputMaxLength) : LIMITS.inputMaxLength;
      element = {
        type: 'plain_text_input',
        action_id: id,
        multiline: el.isMultiline === true,
        max_length: max,
        ...(value ? { initial_value: value.slice(0, max) } : {}),
        ...(typeof el.placeholder === 'string' ? { placeholder: plain(el.placeholder, LIMITS.placeholder) } : {}),
      };
    }
  }
  return { type: 'input', block_id: id, label: plain(String(el.label ?? id), LIMITS.label), optional: el.isRequired !== true, element };
}

/** The fewest characters typed before Slack asks the bot for options (block_suggestion). */
export const MIN_QUERY_LENGTH = 2;

function isDataQuery(v: unknown): boolean {
  return !!v && typeof v === 'object' && (v as Obj).type === 'Data.Query' && typeof (v as Obj).dataset === 'string';
}

/**
 * A typeahead (Input.ChoiceSet with choices.data: Data.Query) → external_select: Slack asks the
 * bot for options as the reporter types (bolt.ts app.options). The card's static choices are only
 * used to show the answer already chosen.
 */
function externalSelect(el: Obj, id: string, value: string | undefined): InputElement {
  const chosen = value ? ((el.choices as Obj[]) ?? []).find((c) => String(c.value) === value) : undefined;
  return {
    type: 'external_select',
    action_id: id,
    min_query_length: MIN_QUERY_LENGTH,
    ...(typeof el.placeholder === 'string' ? { placeholder: plain(el.placeholder, LIMITS.placeholder) } : {}),
    ...(chosen ? { initial_option: option(chosen) } : {}),
  };
}

/** Options for an external_select from picker results (at most Slack's 100, text and value clipped). */
export function optionsFor(results: { value: string; title: string }[]): { options: PlainTextOption[] } {
  return { options: results.slice(0, LIMITS.selectOptions).map((r) => option(r)) };
}

// Submitted state is input from Slack, so it is read in payloads.ts with the other untrusted fields.
export { inputsFromState } from './payloads';

export interface ModalOptions {
  title: string;
  callbackId: string;
  /** References only (verb, data, idempotency key): Slack returns it with the submission. */
  privateMetadata: string;
}

/** A modal view from a card: the primary action becomes the submit button, the others buttons. */
export function toModal(card: AdaptiveCard | Obj, opts: ModalOptions): ModalView {
  const { blocks, submit } = convertCard(card, 'modal');
  if (opts.privateMetadata.length > LIMITS.privateMetadata) throw new Error('SLACK_METADATA_TOO_LONG');
  const fitted = fitBlocks(blocks, { maxBlocks: LIMITS.modalBlocks }, (textCap) => convertCard(card, 'modal', { textCap }).blocks);
  return {
    type: 'modal',
    callback_id: opts.callbackId,
    title: plain(opts.title, LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalTitle),
    blocks: fitted,
    private_metadata: opts.privateMetadata,
    ...(submit ? { submit: plain(submit.title, LIMITS.modalTitle) } : {}),
  };
}

/** A message from a card: blocks plus the notification text (mrkdwn, escaped). */
export function toMessage(card: AdaptiveCard | Obj, fallback: string): { blocks: Block[]; text: string } {
  const { blocks } = convertCard(card, 'message');
  const fitted = fitBlocks(blocks, { maxBlocks: LIMITS.messageBlocks, maxText: LIMITS.messageBlocksText }, (textCap) => convertCard(card, 'message', { textCap }).blocks);
  return { blocks: fitted, text: cutText(escapeMrkdwn(fallback), LIMITS.messageText, 'chars', '…') };
}

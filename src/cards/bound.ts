/**
 * Keeping cards within a platform's size limit, as a platform refuses a card over it. Long text is cut at a
 * grapheme boundary (never inside a surrogate pair, an emoji ZWJ sequence or before a combining
 * mark) and ends with {@link TRUNCATION_MARKER}; the record always keeps the whole text. A card that
 * still does not fit becomes a short notice that names a code and echoes nothing of what was sent.
 */
import { expand } from './expand';
import type { AdaptiveCard } from './types';

/** What a cut text ends with: the reader knows there is more, and where it is. */
export const TRUNCATION_MARKER = '…(shown in full in the record)';

/** The code of the notice sent instead of a card that cannot be made to fit. */
export const CARD_TOO_LARGE = 'CARD_TOO_LARGE';

/** How text is measured: UTF-16 code units (what Slack and JS count as characters) or UTF-8 bytes (what goes on the wire). */
export type Unit = 'chars' | 'bytes';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The size of `text` in `unit`. */
export function sizeOf(text: string, unit: Unit): number {
  return unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : text.length;
}

/** The longest run of whole graphemes of `text` that fits in `max` (in `unit`). */
export function graphemePrefix(text: string, max: number, unit: Unit = 'chars'): string {
  if (sizeOf(text, unit) <= max) return text;
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const n = sizeOf(segment, unit);
    if (used + n > max) break;
    out += segment;
    used += n;
  }
  return out;
}

/** `text` unchanged when it fits in `max`, else its first whole graphemes followed by `marker`, all within `max`. */
export function cutText(text: string, max: number, unit: Unit = 'chars', marker: string = TRUNCATION_MARKER): string {
  if (sizeOf(text, unit) <= max) return text;
  const room = max - sizeOf(marker, unit);
  if (room <= 0) return graphemePrefix(marker, max, unit);
  return graphemePrefix(text, room, unit).trimEnd() + marker;
}

/** Splits `text` into pieces of at most `max` (in `unit`), each ending at a grapheme boundary. */
export function splitText(text: string, max: number, unit: Unit = 'chars'): string[] {
  const out: string[] = [];
  let piece = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const n = sizeOf(segment, unit);
    if (used + n > max && piece) {
      out.push(piece);
      piece = '';
      used = 0;
    }
    piece += segment;
    used += n;
  }
  if (piece || !out.length) out.push(piece);
  return out;
}

/** The shortest a text is cut to before the card is given up as too large: below this it would say nothing. */
const MIN_TEXT_BYTES = 120;

type Obj = Record<string, unknown>;

/** The text slots a reader sees, where user text can be: TextRun and TextBlock text, choice titles. Input values are never cut. */
function textSlots(node: unknown, out: { obj: Obj; key: string }[] = []): { obj: Obj; key: string }[] {
  if (Array.isArray(node)) {
    for (const item of node) textSlots(item, out);
    return out;
  }
  if (!node || typeof node !== 'object') return out;
  const obj = node as Obj;
  if ((obj.type === 'TextRun' || obj.type === 'TextBlock') && typeof obj.text === 'string') out.push({ obj, key: 'text' });
  if (obj.type === 'Input.ChoiceSet' && Array.isArray(obj.choices)) {
    for (const c of obj.choices as Obj[]) if (typeof c.title === 'string') out.push({ obj: c, key: 'title' });
  }
  for (const [key, value] of Object.entries(obj)) if (key !== 'choices' && value && typeof value === 'object') textSlots(value, out);
  return out;
}

/** A text's graphemes with their running UTF-8 sizes, so cutting it again at another cap is a binary search. */
class Measured {
  private readonly ends: number[] = [];
  private readonly starts: number[] = [];

  constructor(readonly text: string) {
    let bytes = 0;
    for (const { segment, index } of segmenter.segment(text)) {
      this.starts.push(index);
      bytes += sizeOf(segment, 'bytes');
      this.ends.push(bytes);
    }
  }

  get bytes(): number {
    return this.ends.length ? this.ends[this.ends.length - 1] : 0;
  }

  /** Like cutText(text, cap, 'bytes'). */
  cut(cap: number): string {
    if (this.bytes <= cap) return this.text;
    const room = cap - sizeOf(TRUNCATION_MARKER, 'bytes');
    if (room <= 0) return graphemePrefix(TRUNCATION_MARKER, cap, 'bytes');
    let lo = 0;
    let hi = this.ends.length; // graphemes kept: the most whose bytes fit in room
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.ends[mid - 1] <= room) lo = mid;
      else hi = mid - 1;
    }
    const end = lo < this.starts.length ? this.starts[lo] : this.text.length;
    return this.text.slice(0, end).trimEnd() + TRUNCATION_MARKER;
  }
}

/** A card with every visible text longer than `cap` bytes cut to `cap` (with the marker). */
function capped(card: AdaptiveCard, cap: number, measured: Map<string, Measured>): AdaptiveCard {
  const copy = structuredClone(card);
  for (const { obj, key } of textSlots(copy)) {
    const text = obj[key] as string;
    if (Buffer.byteLength(text, 'utf8') <= cap) continue;
    let m = measured.get(text);
    if (!m) measured.set(text, (m = new Measured(text)));
    obj[key] = m.cut(cap);
  }
  return copy;
}

/** The notice sent instead of a card that cannot fit: fixed words and a code, never the card's content. */
export function tooLargeCard(): AdaptiveCard {
  return expand('notice', {
    title: 'This is too long to show here',
    text: `It is kept in full in the record. Please ask the DSL to open it from the record (code ${CARD_TOO_LARGE}).`,
    style: 'warning',
  });
}

/** The result of {@link boundCard}: the card to send, and whether text was cut or the card replaced. */
export interface Bounded {
  card: AdaptiveCard;
  outcome: 'fits' | 'truncated' | typeof CARD_TOO_LARGE;
}

/**
 * Fits `card` within `maxBytes` as measured by `measure` (e.g. the serialised activity around it):
 * unchanged if it fits; else the longest texts are cut, as little as needed (the largest common
 * cap, found by bisection); else the {@link tooLargeCard} notice.
 */
export function boundCard(card: AdaptiveCard, maxBytes: number, measure: (c: AdaptiveCard) => number = jsonBytes): Bounded {
  if (measure(card) <= maxBytes) return { card, outcome: 'fits' };
  const longest = Math.max(0, ...textSlots(card).map(({ obj, key }) => sizeOf(obj[key] as string, 'bytes')));
  let lo = MIN_TEXT_BYTES;
  let hi = longest;
  let best: AdaptiveCard | null = null;
  const measured = new Map<string, Measured>();
  if (measure(capped(card, lo, measured)) > maxBytes) return { card: tooLargeCard(), outcome: CARD_TOO_LARGE };
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const attempt = capped(card, mid, measured);
    if (measure(attempt) <= maxBytes) {
      best = attempt;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return { card: best ?? capped(card, MIN_TEXT_BYTES, measured), outcome: 'truncated' };
}

/** UTF-8 bytes of a value serialised as JSON. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * Cleaning and checking one wizard field's raw input, the same for Adaptive Cards and Slack modals.
 */
import type { Field, FieldType } from './wizard';

/** Length limits of free-text fields when a field gives none. */
export const DEFAULT_MAX: Partial<Record<FieldType, number>> = { text: 200, multiline: 4000, url: 2000 };

/**
 * The most one answer may weigh, in UTF-8 bytes, whatever its script: 4,000 letters of Chinese or
 * emoji weigh three or four times 4,000 of English, and every answer must fit on a card.
 */
export const MAX_ANSWER_BYTES = 6000;

const REQUIRED: Record<FieldType, string> = {
  text: 'Please fill this in.',
  multiline: 'Please fill this in.',
  date: 'Please enter the date, for example 2026-03-14.',
  time: 'Please enter the time as HH:MM, for example 14:30.',
  choice: 'Please choose an answer.',
  person: 'Please choose someone, or type their name.',
  multichoice: 'Please choose at least one.',
  url: 'Please enter the website address, for example example.com',
};

/** Splits Adaptive Cards' "a,b" multichoice value; also trims, drops blanks and duplicates. */
export function splitList(s: string): string[] {
  return tidy(s.split(','));
}

function tidy(list: string[]): string[] {
  return [...new Set(list.map((x) => x.trim()).filter(Boolean))];
}

/** A real calendar date written as YYYY-MM-DD. */
export function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** An http(s) URL, or a bare domain such as example.com or example.com/page. */
function isWebAddress(s: string): boolean {
  if (/\s/.test(s)) return false;
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(s);
  if (hasScheme && !/^https?:\/\//i.test(s)) return false;
  try {
    const u = new URL(hasScheme ? s : `http://${s}`);
    return HOST.test(u.hostname) || /^\d{1,3}(\.\d{1,3}){3}$/.test(u.hostname);
  } catch {
    return false;
  }
}

/** A field's cleaned value, and the kind message when it is not acceptable. */
export type Clean = { value: string | string[] | undefined; error?: string };

/** Cleans one field's raw input: trims, splits multichoice values, checks type, length and choices. */
export function cleanField(f: Field, raw: unknown): Clean {
  if (f.type === 'multichoice') {
    // Slack sends string[]; Adaptive Cards send "a,b".
    let list: string[];
    if (Array.isArray(raw)) list = tidy(raw.filter((x): x is string => typeof x === 'string'));
    else if (typeof raw === 'string') list = splitList(raw);
    else if (raw == null) list = [];
    else return { value: undefined, error: 'Please choose from the options listed.' };
    if (!list.length) return { value: undefined, error: f.required ? REQUIRED.multichoice : undefined };
    if (list.some((v) => !f.choices?.some((c) => c.value === v))) return { value: list, error: 'Please choose from the options listed.' };
    return { value: list };
  }
  if (raw != null && typeof raw !== 'string' && typeof raw !== 'number') return { value: undefined, error: 'Please check this answer.' };
  const s = raw == null ? '' : String(raw).trim();
  if (!s) return { value: undefined, error: f.required ? REQUIRED[f.type] : undefined };
  const max = f.maxLength ?? DEFAULT_MAX[f.type];
  if (max !== undefined && s.length > max) return { value: s, error: `Please keep this under ${max} characters (it is ${s.length} now).` };
  // The answer is kept as typed (value: s) so the person can shorten it; the message never repeats it.
  if (Buffer.byteLength(s, 'utf8') > MAX_ANSWER_BYTES) return { value: s, error: 'This answer is too long to send in one piece. Please shorten it (emoji and some alphabets count for more than one letter) — what you typed is still here.' };
  switch (f.type) {
    case 'choice':
    case 'person':
      return f.choices?.some((c) => c.value === s) ? { value: s } : { value: s, error: 'Please choose one of the options.' };
    case 'date':
      return isDate(s) ? { value: s } : { value: s, error: 'Please enter the date as YYYY-MM-DD, for example 2026-03-14.' };
    case 'time':
      return /^([01]\d|2[0-3]):[0-5]\d$/.test(s) ? { value: s } : { value: s, error: REQUIRED.time };
    case 'url':
      return isWebAddress(s) ? { value: s } : { value: s, error: REQUIRED.url };
    default:
      return { value: s };
  }
}

// Escaping choice: data is shown only in TextRuns (never Markdown-parsed); `${` and `{{` get an invisible U+2060.
/**
 * Escaping of data before it enters a card template.
 *
 * Why: cards never put data in a TextBlock or FactSet (both parse Markdown, and Teams clients
 * disagree on backslash escapes); data is shown in RichTextBlock TextRuns, which Adaptive Cards
 * never parse as Markdown, so `**bold**` and `[link](url)` stay literal without altering the text.
 * What remains is two sequences that would still be acted on: `${` (template binding) and `{{`
 * (the client's DATE()/TIME() formatter, which TextRuns do apply). We break both with an
 * invisible WORD JOINER (U+2060): readers see the text unchanged, no engine sees a marker, and
 * any `${` left in an expanded card can only have come from the template.
 */

/** The invisible character inserted to break `${` and `{{`. */
export const WORD_JOINER = '\u2060';

const BINDING_START = /\$(?=\{)/g;
const FORMATTER_START = /\{(?=\{)/g;
const ESCAPED = /([$]|\{)\u2060(?=\{)/g;

/** Escapes one string of user (or any non-template) text; see the module comment. */
export function escapeText(text: string): string {
  return text.replace(BINDING_START, () => '$' + WORD_JOINER).replace(FORMATTER_START, () => '{' + WORD_JOINER);
}

/** Reverses {@link escapeText}, for input values that must round-trip exactly into the record. */
export function unescapeText(text: string): string {
  return text.replace(ESCAPED, '$1');
}

/** Escapes every string in a JSON-like value (object keys are ours and left alone). */
export function escapeData<T>(value: T): T {
  return mapStrings(value, escapeText) as T;
}

function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, fn));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = mapStrings(item, fn);
    return out;
  }
  return value;
}

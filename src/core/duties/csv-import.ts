/**
 * `safeguard staff import <csv>`: the initial load from the MIS. Strict CSV (RFC 4180 quoting,
 * header required); every problem is reported with the line its record starts on and its
 * column, and nothing is imported unless the whole file is valid (see ./staff-import for how).
 */
import { parse } from 'csv-parse/sync';
import { ROLES, type Role } from '../model';
import { isLocalDate, type LocalDate } from './dates';
import { BIDI_CONTROLS } from '../text-classes';

export const CSV_COLUMNS = ['email', 'name', 'role', 'start_date', 'last_training_date', 'last_aua_date'] as const;
/** An optional last column: the day someone left (their record stays; their reminders stop). */
export const LEFT_COLUMN = 'left_date';

export interface StaffRow {
  line: number;
  email: string;
  name: string;
  role: Role;
  startDate: string | null;
  lastTraining: string | null;
  lastAua: string | null;
  leftOn: string | null;
}

/** One record of the file: its fields (trimmed), or why it is not CSV; `line` is the physical line it starts on. */
export type CsvRecord = { line: number; blank: boolean; fields: string[] } | { line: number; error: string };

// csv-parse's codes, said the way a school office would understand them.
const CSV_ERRORS: Record<string, string> = {
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote',
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed',
};
// After these the parser cannot tell where the next record starts, so what follows is not checked.
const LOSES_ITS_PLACE = new Set(['CSV_INVALID_CLOSING_QUOTE', 'CSV_QUOTE_NOT_CLOSED']);

/**
 * Reads the file as RFC 4180 CSV (quoted commas, quotes and newlines; a BOM; CRLF or LF line ends),
 * carrying on past a bad record so every problem is reported at once.
 */
export function readCsv(text: string): CsvRecord[] {
  // Where each bad record was, by how many good records came before it; kept apart so good records cost no callback.
  const faults: { before: number; lines: number; error: string; lost: boolean }[] = [];
  const records = parse(text, {
    bom: true,
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      if (!err || faults.some((f) => f.lost)) return;
      const at = (key: string) => (typeof err[key] === 'number' ? (err[key] as number) : 0);
      const error = CSV_ERRORS[err.code] ?? `the line is not valid CSV (${err.code})`;
      faults.push({ before: at('records'), lines: at('lines'), error, lost: LOSES_ITS_PLACE.has(err.code) });
    },
  });
  const out: CsvRecord[] = [];
  // A record ends on a line end, and a line end inside a record can only be a quoted one, so counting them gives each start line.
  let line = 1;
  let fault = 0;
  for (let i = 0; i <= records.length; i++) {
    for (; fault < faults.length && faults[fault]!.before === i; fault++) {
      const f = faults[fault]!;
      out.push({ line, error: f.error });
      if (f.lost) return out;
      // The line the parser was on when it gave up: the bad record's last, as it skips to the next line end.
      line = Math.max(line, f.lines) + 1;
    }
    const record = records[i];
    if (!record) break;
    const fields = record.map((v) => v.trim());
    out.push({ line, blank: fields.length === 1 && fields[0] === '', fields });
    line += 1 + record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
  }
  return out;
}

/** Longest name accepted, in characters: longer is a pasted paragraph, not a name. */
export const MAX_NAME_LENGTH = 200;
/** Longest email address accepted (RFC 5321's path limit less the angle brackets). */
export const MAX_EMAIL_LENGTH = 254;
/** Most staff rows in one file: far above any school, low enough to parse in moments. */
export const MAX_ROWS = 200_000;

// C0 controls (tab included), DEL and C1 controls: none belongs in a CSV field, and in a name they
// can rewrite what a terminal or a card shows.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
const BIDI = new RegExp(`[${BIDI_CONTROLS}]`, 'u');
// What a decoder puts where the bytes were not UTF-8 (a file saved as Windows-1252, say).
const NOT_UTF8 = /\uFFFD/u;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
// A value as echoed back: quoted, escaped, and cut short so a long field cannot flood the terminal.
export const show = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);

/** What is wrong with a field's characters, or null: control characters, bidi overrides, bytes that were not UTF-8. */
export function badCharacters(v: string): string | null {
  const c = CONTROL.exec(v);
  if (c) return `contains a control character (${codePoint(c[0])}); remove it`;
  const b = BIDI.exec(v);
  if (b) return `contains a text-direction override (${codePoint(b[0])}), which can disguise what it says; remove it`;
  if (NOT_UTF8.test(v)) return 'is not UTF-8 text: save the file as "CSV UTF-8" and import it again';
  return null;
}

/**
 * Parses and validates the whole file, touching no database; returns rows, or every problem as
 * "line N: <column> …". Training and AUA dates after `today` (the school's calendar date, from the
 * injected clock) are refused: a record of training that has not happened would hide a duty due.
 */
export function parseStaffCsv(text: string, today: LocalDate): { rows: StaffRow[]; errors: string[] } {
  const records = readCsv(text);
  const errors: string[] = [];
  const rows: StaffRow[] = [];
  const first = records[0] ?? { line: 1, blank: true, fields: [] };
  if ('error' in first) return { rows, errors: [`line 1: ${first.error}`] };
  const header = first.fields.map((h) => h.toLowerCase());
  const withLeft = header.join(',') === [...CSV_COLUMNS, LEFT_COLUMN].join(',');
  const columns: readonly string[] = withLeft ? [...CSV_COLUMNS, LEFT_COLUMN] : CSV_COLUMNS;
  if (!withLeft && header.join(',') !== CSV_COLUMNS.join(',')) errors.push(`line 1: the header must be exactly ${CSV_COLUMNS.join(',')} (optionally followed by ,${LEFT_COLUMN})`);
  const body = records.slice(1).filter((r) => 'error' in r || !r.blank);
  if (errors.length === 0 && body.length > MAX_ROWS) errors.push(`line 1: the file has more than ${MAX_ROWS.toLocaleString('en-GB')} staff rows; split it into smaller files`);
  if (errors.length > 0) return { rows, errors };
  const seen = new Map<string, number>();
  for (const record of body) {
    const n = record.line;
    if ('error' in record) {
      errors.push(`line ${n}: ${record.error}`);
      continue;
    }
    // NFC, as the store keeps text: "é" typed two ways is one email, caught as a duplicate here rather than by the database.
    const f = record.fields.map((v) => v.normalize('NFC'));
    if (f.length !== columns.length) {
      errors.push(`line ${n}: expected ${columns.length} fields, found ${f.length}`);
      continue;
    }
    // Characters first: a field holding a control or override character is never echoed back.
    const chars = f.flatMap((v, j) => {
      const bad = badCharacters(v);
      return bad ? [`line ${n}: ${columns[j]} ${bad}`] : [];
    });
    if (chars.length) {
      errors.push(...chars);
      continue;
    }
    const [email, name, role, start, training, aua, left = ''] = f as [string, string, string, string, string, string, string?];
    const problems: string[] = [];
    const e = email.toLowerCase();
    if (e.length > MAX_EMAIL_LENGTH) problems.push(`email is ${e.length} characters long; an email address has at most ${MAX_EMAIL_LENGTH}`);
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) problems.push(`email ${show(email)} is not an email address`);
    else if (seen.has(e)) problems.push(`email ${e} is already on line ${seen.get(e)}`);
    const nameLength = [...name].length;
    if (!name) problems.push('name is empty');
    else if (nameLength > MAX_NAME_LENGTH) problems.push(`name is ${nameLength} characters long; at most ${MAX_NAME_LENGTH} are accepted`);
    const r = (role || 'staff').toLowerCase();
    if (!(ROLES as readonly string[]).includes(r)) problems.push(`role ${show(role)} must be one of ${ROLES.join(', ')}`);
    for (const [col, v] of [['start_date', start], ['last_training_date', training], ['last_aua_date', aua], [LEFT_COLUMN, left]] as const) {
      if (v && !isLocalDate(v)) problems.push(`${col} ${show(v)} must be a date written YYYY-MM-DD`);
      else if (v && v > today && (col === 'last_training_date' || col === 'last_aua_date')) problems.push(`${col} ${v} is in the future (today is ${today}): give the date it was done`);
    }
    if (problems.length) {
      errors.push(...problems.map((p) => `line ${n}: ${p}`));
      continue;
    }
    seen.set(e, n);
    rows.push({ line: n, email: e, name, role: r as Role, startDate: start || null, lastTraining: training || null, lastAua: aua || null, leftOn: left || null });
  }
  return { rows, errors };
}

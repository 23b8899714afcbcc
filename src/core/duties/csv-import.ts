/**
 * `safeguard staff import <csv>`: the initial load from the MIS. Strict CSV (RFC 4180 quoting,
 * one record per line, header required); every problem is reported with its line number and
 * column, and nothing is imported unless the whole file is valid (see ./staff-import for how).
 */
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

/** Splits one CSV line into fields; throws a message on a stray quote. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new Error('a quoted field is not closed');
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i++];
      }
      if (i < line.length && line[i] !== ',') throw new Error('text after a closing quote');
    } else {
      while (i < line.length && line[i] !== ',') {
        if (line[i] === '"') throw new Error('a quote inside an unquoted field');
        field += line[i++];
      }
    }
    out.push(field.trim());
    if (i >= line.length) return out;
    i++; // the comma
  }
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
const show = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);

/** What is wrong with a field's characters, or null: control characters, bidi overrides, bytes that were not UTF-8. */
function badCharacters(v: string): string | null {
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
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const errors: string[] = [];
  const rows: StaffRow[] = [];
  const header = (() => {
    try {
      return splitCsvLine(lines[0] ?? '').map((h) => h.toLowerCase());
    } catch (e) {
      errors.push(`line 1: ${(e as Error).message}`);
      return [];
    }
  })();
  const withLeft = header.join(',') === [...CSV_COLUMNS, LEFT_COLUMN].join(',');
  const columns: readonly string[] = withLeft ? [...CSV_COLUMNS, LEFT_COLUMN] : CSV_COLUMNS;
  if (errors.length === 0 && !withLeft && header.join(',') !== CSV_COLUMNS.join(',')) errors.push(`line 1: the header must be exactly ${CSV_COLUMNS.join(',')} (optionally followed by ,${LEFT_COLUMN})`);
  if (errors.length === 0 && lines.filter((l, i) => i > 0 && l.trim() !== '').length > MAX_ROWS) errors.push(`line 1: the file has more than ${MAX_ROWS.toLocaleString('en-GB')} staff rows; split it into smaller files`);
  if (errors.length > 0) return { rows, errors };
  const seen = new Map<string, number>();
  lines.slice(1).forEach((raw, i) => {
    const n = i + 2;
    if (raw.trim() === '') return;
    let f: string[];
    try {
      // NFC, as the store keeps text: "é" typed two ways is one email, caught as a duplicate here rather than by the database.
      f = splitCsvLine(raw).map((v) => v.normalize('NFC'));
    } catch (e) {
      errors.push(`line ${n}: ${(e as Error).message}`);
      return;
    }
    if (f.length !== columns.length) return void errors.push(`line ${n}: expected ${columns.length} fields, found ${f.length}`);
    // Characters first: a field holding a control or override character is never echoed back.
    const chars = f.flatMap((v, j) => {
      const bad = badCharacters(v);
      return bad ? [`line ${n}: ${columns[j]} ${bad}`] : [];
    });
    if (chars.length) return void errors.push(...chars);
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
    if (problems.length) return void errors.push(...problems.map((p) => `line ${n}: ${p}`));
    seen.set(e, n);
    rows.push({ line: n, email: e, name, role: r as Role, startDate: start || null, lastTraining: training || null, lastAua: aua || null, leftOn: left || null });
  });
  return { rows, errors };
}

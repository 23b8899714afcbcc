/**
 * `safeguard staff import <csv>`: the initial load from the MIS. Strict CSV (RFC 4180 quoting,
 * one record per line, header required); every problem is reported with its line number and
 * nothing is imported unless the whole file is valid (one transaction).
 */
import type { CoreDeps } from '../deps';
import { ROLES, type Role } from '../model';
import { isLocalDate } from './dates';

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

/** Parses and validates the whole file; returns rows, or every problem as "line N: …". */
export function parseStaffCsv(text: string): { rows: StaffRow[]; errors: string[] } {
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
  const width = withLeft ? CSV_COLUMNS.length + 1 : CSV_COLUMNS.length;
  if (errors.length === 0 && !withLeft && header.join(',') !== CSV_COLUMNS.join(',')) errors.push(`line 1: the header must be exactly ${CSV_COLUMNS.join(',')} (optionally followed by ,${LEFT_COLUMN})`);
  if (errors.length > 0) return { rows, errors };
  const seen = new Map<string, number>();
  lines.slice(1).forEach((raw, i) => {
    const n = i + 2;
    if (raw.trim() === '') return;
    let f: string[];
    try {
      f = splitCsvLine(raw);
    } catch (e) {
      errors.push(`line ${n}: ${(e as Error).message}`);
      return;
    }
    if (f.length !== width) return void errors.push(`line ${n}: expected ${width} fields, found ${f.length}`);
    const [email, name, role, start, training, aua, left = ''] = f.map((x) => x.trim()) as [string, string, string, string, string, string, string?];
    const problems: string[] = [];
    const e = email.toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) problems.push(`email "${email}" is not an email address`);
    else if (seen.has(e)) problems.push(`email ${e} is already on line ${seen.get(e)}`);
    if (!name) problems.push('name is empty');
    const r = (role || 'staff').toLowerCase();
    if (!(ROLES as readonly string[]).includes(r)) problems.push(`role "${role}" must be one of ${ROLES.join(', ')}`);
    for (const [col, v] of [['start_date', start], ['last_training_date', training], ['last_aua_date', aua], [LEFT_COLUMN, left]] as const) {
      if (v && !isLocalDate(v)) problems.push(`${col} "${v}" must be a date written YYYY-MM-DD`);
    }
    if (problems.length) return void errors.push(...problems.map((p) => `line ${n}: ${p}`));
    seen.set(e, n);
    rows.push({ line: n, email: e, name, role: r as Role, startDate: start || null, lastTraining: training || null, lastAua: aua || null, leftOn: left || null });
  });
  return { rows, errors };
}

/**
 * Imports valid rows in one transaction: staff records, training completions and AUA signatures.
 * An imported AUA date counts for the current version only if it is on or after that version took
 * effect (002 §6-7: a signature of an older version is not current).
 */
export async function importStaff(deps: CoreDeps, rows: StaffRow[], auaVersion: { version: string; effectiveFrom: string }): Promise<{ staff: number; completions: number; signatures: number; left: number }> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    let completions = 0;
    let signatures = 0;
    for (const r of rows) {
      await tx.staff.upsert({ email: r.email, name: r.name, role: r.role, startDate: r.startDate, source: 'import', leftOn: r.leftOn, createdAt: now, updatedAt: now });
      if (r.lastTraining) {
        const dutyId = r.role === 'dsl' || r.role === 'deputy_dsl' ? 'dsl_training' : r.role === 'chair_of_governors' || r.role === 'online_safety_governor' ? 'governor_training' : 'staff_training';
        await tx.completions.add({ dutyId, email: r.email, completedOn: r.lastTraining, certificateRef: null, notes: 'imported', recordedBy: 'import', platform: 'import', recordedAt: now });
        completions++;
      }
      if (r.lastAua) {
        const version = r.lastAua >= auaVersion.effectiveFrom ? auaVersion.version : `before-${auaVersion.version}`;
        // Noon UTC on the date: the same calendar date in any UK time.
        await tx.aua.sign({ email: r.email, version, signedAt: new Date(`${r.lastAua}T12:00:00Z`), platform: 'import' });
        signatures++;
      }
    }
    return { staff: rows.length, completions, signatures, left: rows.filter((r) => r.leftOn).length };
  });
}

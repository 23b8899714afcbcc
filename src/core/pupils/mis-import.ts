/**
 * `safeguard pupils import <dir>` (issue #11): the school's pupils from the files its MIS already
 * exports for Microsoft School Data Sync, read whole and checked before anything is stored.
 *
 * - **SDS v2.1 CSV** (a folder with `roles.csv`): `users.csv` (sourcedId, username, givenName,
 *   familyName), `roles.csv` (userSourcedId, role `student`, grade, roleEndDate); optional
 *   `demographics.csv` (userSourcedId, birthDate), `classes.csv` (sourcedId, title) with
 *   `enrollments.csv` (classSourcedId, userSourcedId, role).
 * - **OneRoster 1.1 CSV** (no `roles.csv`; `users.csv` has `role`): `users.csv` (sourcedId, status,
 *   enabledUser, role `student`, username, givenName, familyName, grades); optional `demographics.csv`
 *   (sourcedId, birthDate), `classes.csv` (sourcedId, title, classType) with `enrollments.csv`.
 *
 * Column names are matched without regard to case. The form is the pupil's homeroom class (OneRoster
 * `classType` homeroom), or — where the classes carry no type — the one class a pupil is enrolled in.
 * A preferred name comes from `preferredGivenName` or `preferredFirstName` when the file has one.
 * A pupil is marked left when the file says so (OneRoster `status` tobedeleted or `enabledUser`
 * false; SDS `roleEndDate` before today); one missing from a later import is marked left by the store.
 * Every problem is reported as "<file> line N: …"; nothing is imported unless every file is valid.
 */
import { badCharacters, readCsv, show, MAX_NAME_LENGTH } from '../duties/csv-import';
import { isLocalDate, type LocalDate } from '../duties/dates';
import type { PupilRow, PupilSource } from './model';

/** Most pupils in one import: far above any school (or trust file set), low enough to check in moments. */
export const MAX_PUPILS = 100_000;

/** The files of a folder, by lower-cased name (what the CLI read). */
export type MisFiles = ReadonlyMap<string, string>;

export interface MisImport {
  source: PupilSource | null;
  rows: PupilRow[];
  errors: string[];
}

interface Table {
  file: string;
  header: string[];
  rows: { line: number; get: (column: string) => string }[];
}

/** Which file set the folder holds, or why it is neither. */
export function misFormat(files: MisFiles): PupilSource | string {
  if (files.has('roles.csv')) return files.has('users.csv') ? 'sds-v2.1' : 'the folder has roles.csv but no users.csv (SDS v2.1 needs both)';
  if (files.has('users.csv')) return 'oneroster-1.1';
  if (files.has('students.csv') || files.has('student.csv'))
    return 'the folder holds SDS v1 / Clever files (student.csv): export SDS v2.1 CSV (users.csv, roles.csv) or OneRoster 1.1 CSV (users.csv) from your MIS instead';
  return 'the folder holds no users.csv: export SDS v2.1 CSV (users.csv, roles.csv…) or OneRoster 1.1 CSV (users.csv…) from your MIS';
}

/** Parses and checks the folder's files, touching no database; `today` is the school's date. */
export function parseMisFiles(files: MisFiles, today: LocalDate): MisImport {
  const format = misFormat(files);
  if (format !== 'sds-v2.1' && format !== 'oneroster-1.1') return { source: null, rows: [], errors: [format] };
  const errors: string[] = [];
  const read = (file: string, required: string[]): Table | null => {
    const text = files.get(file);
    return text === undefined ? null : table(file, text, required, errors);
  };
  const sds = format === 'sds-v2.1';
  const users = read('users.csv', sds ? ['sourcedId', 'givenName', 'familyName'] : ['sourcedId', 'role', 'givenName', 'familyName']);
  const roles = sds ? read('roles.csv', ['userSourcedId', 'role']) : null;
  const demographics = read('demographics.csv', [sds ? 'userSourcedId' : 'sourcedId', 'birthDate']);
  const classes = read('classes.csv', ['sourcedId', 'title']);
  const enrollments = read('enrollments.csv', ['classSourcedId', 'userSourcedId', 'role']);
  if (enrollments && !classes) errors.push('enrollments.csv: there is no classes.csv to say what its classes are; add it, or remove enrollments.csv');
  if (!users || errors.length) return { source: format, rows: [], errors };

  // Everyone in users.csv (staff and guardians too), so a reference to an unknown user is caught.
  const known = new Map<string, number>();
  const students = new Map<string, { line: number; grade: string; left: boolean }>();
  for (const r of users.rows) {
    const id = r.get('sourcedId');
    if (!id) errors.push(`users.csv line ${r.line}: sourcedId is empty`);
    else if (known.has(id)) errors.push(`users.csv line ${r.line}: sourcedId ${show(id)} is already on line ${known.get(id)}`);
    else known.set(id, r.line);
    if (!sds && id && r.get('role').toLowerCase() === 'student') {
      const status = r.get('status').toLowerCase();
      const enabled = r.get('enabledUser').toLowerCase();
      if (status && status !== 'active' && status !== 'tobedeleted') errors.push(`users.csv line ${r.line}: status ${show(r.get('status'))} must be active or tobedeleted`);
      if (enabled && enabled !== 'true' && enabled !== 'false') errors.push(`users.csv line ${r.line}: enabledUser ${show(r.get('enabledUser'))} must be true or false`);
      students.set(id, { line: r.line, grade: r.get('grades').split(',')[0]?.trim() ?? '', left: status === 'tobedeleted' || enabled === 'false' });
    }
  }
  if (roles) {
    for (const r of roles.rows) {
      const id = r.get('userSourcedId');
      if (!known.has(id)) {
        errors.push(`roles.csv line ${r.line}: userSourcedId ${show(id)} is not in users.csv`);
        continue;
      }
      if (r.get('role').toLowerCase() !== 'student') continue;
      const end = r.get('roleEndDate');
      if (end && !isLocalDate(end.slice(0, 10))) errors.push(`roles.csv line ${r.line}: roleEndDate ${show(end)} must be a date written YYYY-MM-DD`);
      const prior = students.get(id);
      // A pupil with several student roles (two schools of a trust in one file) is one pupil; any current role keeps them on roll.
      const left = Boolean(end) && end.slice(0, 10) < today;
      students.set(id, { line: known.get(id)!, grade: prior?.grade || r.get('grade'), left: prior ? prior.left && left : left });
    }
  }
  const births = new Map<string, string>();
  for (const r of demographics?.rows ?? []) {
    const id = r.get(sds ? 'userSourcedId' : 'sourcedId');
    const d = r.get('birthDate');
    if (!known.has(id)) errors.push(`demographics.csv line ${r.line}: ${sds ? 'userSourcedId' : 'sourcedId'} ${show(id)} is not in users.csv`);
    else if (d && !isLocalDate(d)) errors.push(`demographics.csv line ${r.line}: birthDate ${show(d)} must be a date written YYYY-MM-DD`);
    else if (d && d > today) errors.push(`demographics.csv line ${r.line}: birthDate ${d} is in the future (today is ${today})`);
    else if (d) births.set(id, d);
  }
  const classTitles = new Map<string, { title: string; homeroom: boolean | null }>();
  for (const r of classes?.rows ?? []) {
    const type = classes!.header.includes('classtype') ? r.get('classType').toLowerCase() === 'homeroom' : null;
    classTitles.set(r.get('sourcedId'), { title: r.get('title'), homeroom: type });
  }
  const classesOf = new Map<string, { title: string; homeroom: boolean | null }[]>();
  for (const r of enrollments?.rows ?? []) {
    if (r.get('role').toLowerCase() !== 'student') continue;
    const c = classTitles.get(r.get('classSourcedId'));
    const id = r.get('userSourcedId');
    if (!c) errors.push(`enrollments.csv line ${r.line}: classSourcedId ${show(r.get('classSourcedId'))} is not in classes.csv`);
    else if (!known.has(id)) errors.push(`enrollments.csv line ${r.line}: userSourcedId ${show(id)} is not in users.csv`);
    else classesOf.set(id, [...(classesOf.get(id) ?? []), c]);
  }
  if (students.size > MAX_PUPILS) return { source: format, rows: [], errors: [...errors, `users.csv: the files hold more than ${MAX_PUPILS.toLocaleString('en-GB')} pupils; import each school's files on their own`] };
  // Every pupil is checked even when other problems were found, so the admin sees them all at once.

  const rows: PupilRow[] = [];
  const byId = new Map(users.rows.map((r) => [r.get('sourcedId'), r]));
  for (const [id, s] of students) {
    const u = byId.get(id)!;
    const problems: string[] = [];
    const given = u.get('givenName');
    const family = u.get('familyName');
    const preferred = u.get('preferredGivenName') || u.get('preferredFirstName');
    for (const [col, v] of [['givenName', given], ['familyName', family]] as const) if (!v) problems.push(`${col} is empty`);
    for (const [col, v] of [['givenName', given], ['familyName', family], ['preferred name', preferred]] as const)
      if ([...v].length > MAX_NAME_LENGTH) problems.push(`${col} is ${[...v].length} characters long; at most ${MAX_NAME_LENGTH} are accepted`);
    if (problems.length) {
      errors.push(...problems.map((p) => `users.csv line ${s.line}: ${p}`));
      continue;
    }
    const enrolled = classesOf.get(id) ?? [];
    const homeroom = enrolled.find((c) => c.homeroom === true) ?? (enrolled.length === 1 && enrolled[0]!.homeroom === null ? enrolled[0] : undefined);
    rows.push({
      misId: id,
      upn: u.get('username').toLowerCase() || null,
      givenName: given,
      familyName: family,
      preferredName: preferred && preferred !== given ? preferred : null,
      birthDate: births.get(id) ?? null,
      yearGroup: yearGroup(s.grade),
      form: homeroom?.title || null,
      leftOn: s.left ? today : null,
    });
  }
  return { source: format, rows: errors.length ? [] : rows, errors };
}

/** "8" or "08" → "Year 8"; the MIS's own words (Reception, Nursery, Year 8) as they are. */
function yearGroup(grade: string): string | null {
  if (!grade) return null;
  if (/^\d{1,2}$/.test(grade)) return `Year ${Number(grade)}`;
  return grade;
}

/** Reads one file as a table with named columns; its problems go to `errors` (by line). */
function table(file: string, text: string, required: string[], errors: string[]): Table | null {
  const records = readCsv(text);
  const first = records[0];
  if (!first || 'error' in first || first.blank) {
    errors.push(`${file} line 1: ${first && 'error' in first ? first.error : 'the file is empty; its first line must be the header'}`);
    return null;
  }
  const header = first.fields.map((h) => h.toLowerCase());
  const missing = required.filter((c) => !header.includes(c.toLowerCase()));
  if (missing.length) {
    errors.push(`${file} line 1: the header has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} (it has ${first.fields.slice(0, 12).join(', ')})`);
    return null;
  }
  const at = new Map(header.map((h, i) => [h, i]));
  const rows: Table['rows'] = [];
  for (const r of records.slice(1)) {
    if ('error' in r) {
      errors.push(`${file} line ${r.line}: ${r.error}`);
      continue;
    }
    if (r.blank) continue;
    if (r.fields.length !== header.length) {
      errors.push(`${file} line ${r.line}: expected ${header.length} fields, found ${r.fields.length}`);
      continue;
    }
    const fields = r.fields.map((v) => v.normalize('NFC'));
    const bad = fields.flatMap((v, j) => {
      const why = badCharacters(v);
      return why ? [`${file} line ${r.line}: ${first.fields[j]} ${why}`] : [];
    });
    if (bad.length) {
      errors.push(...bad);
      continue;
    }
    rows.push({ line: r.line, get: (column) => fields[at.get(column.toLowerCase()) ?? -1] ?? '' });
  }
  return { file, header, rows };
}

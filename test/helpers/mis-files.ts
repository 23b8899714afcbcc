/**
 * Realistic MIS exports for the pupil import (issue #11): an SDS v2.1 or OneRoster 1.1 file set for
 * N pupils (and some teachers and a guardian, who are not pupils), with the names a real school has —
 * apostrophes, hyphens, accents typed two ways, a comma inside quotes, a pupil who goes by another
 * name — a BOM and CRLF on users.csv, a form per pupil and a few leavers.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PupilRow } from '../../src/core/pupils/model';

export type MisFormat = 'sds' | 'oneroster';

/** Names that break naive CSV and name handling; the generator cycles through them. */
export const ODD_NAMES: { given: string; family: string; preferred?: string }[] = [
  { given: 'Siobhán', family: "O'Brien" },
  { given: 'Zoë', family: 'Smith-Jones' },
  // "Zoë" with a combining diaeresis (NFD), as a Mac might save it: stored NFC.
  { given: 'Zoe\u0308', family: 'Nguyễn' },
  { given: 'Samantha', family: 'Carter', preferred: 'Sam' },
  { given: 'Mohammed', family: 'Al-Hassan, Jr' },
  { given: 'Łukasz', family: 'Wiśniewski' },
  { given: 'Aoife', family: 'Ní Bhriain' },
  { given: 'Kofi', family: 'Mensah "KJ"' },
];

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (rows: string[][], crlf = false) => rows.map((r) => r.map(csvField).join(',')).join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');

export interface MisOptions {
  /** Pupils whose id is in this set are marked left in the files (OneRoster tobedeleted; SDS roleEndDate in the past). */
  leavers?: Set<string>;
  /** Ids (P00001…) left out of the files entirely. */
  omit?: Set<string>;
}

/** The MIS id of the i-th pupil. */
export const pupilId = (i: number) => `P${String(i).padStart(5, '0')}`;

/** The files of an export of `n` pupils, by file name. */
export function misFiles(format: MisFormat, n: number, o: MisOptions = {}): Record<string, string> {
  const pupils = Array.from({ length: n }, (_, i) => i).filter((i) => !o.omit?.has(pupilId(i)));
  const forms = ['7AB', '8RB', '9JM', '10KP', '11LS'];
  const name = (i: number) => ODD_NAMES[i % ODD_NAMES.length]!;
  const year = (i: number) => String(7 + (i % 5));
  const formOf = (i: number) => forms[i % 5]!;
  const birth = (i: number) => `${2019 - (7 + (i % 5))}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  const left = (i: number) => o.leavers?.has(pupilId(i)) ?? false;
  const staff = [
    ['T001', 'rachel.brown@school.test', 'Rachel', 'Brown'],
    ['T002', 'james.morris@school.test', 'James', 'Morris'],
  ];
  const files: Record<string, string> = {};
  if (format === 'sds') {
    files['orgs.csv'] = csv([['sourcedId', 'name', 'type'], ['S1', 'Test Primary', 'school']]);
    files['users.csv'] =
      '\uFEFF' +
      csv(
        [
          ['sourcedId', 'username', 'familyName', 'givenName', 'preferredGivenName', 'email'],
          ...staff.map(([id, upn, g, f]) => [id!, upn!, f!, g!, '', upn!]),
          ['G001', 'parent@home.test', 'Carter', 'Dawn', '', 'parent@home.test'],
          ...pupils.map((i) => [pupilId(i), `${pupilId(i).toLowerCase()}@pupils.school.test`, name(i).family, name(i).given, name(i).preferred ?? '', '']),
        ],
        true,
      );
    files['roles.csv'] = csv([
      ['userSourcedId', 'orgSourcedId', 'role', 'sessionSourcedIds', 'grade', 'isPrimary', 'roleStartDate', 'roleEndDate'],
      ...staff.map(([id]) => [id!, 'S1', 'teacher', '', '', 'true', '', '']),
      ...pupils.map((i) => [pupilId(i), 'S1', 'student', '', year(i), 'true', '2025-09-01', left(i) ? '2026-07-22' : '']),
    ]);
    files['demographics.csv'] = csv([['userSourcedId', 'sex', 'birthDate'], ...pupils.map((i) => [pupilId(i), '', birth(i)])]);
    files['classes.csv'] = csv([['sourcedId', 'orgSourcedId', 'title', 'sessionSourcedIds', 'courseSourcedId', 'code'], ...forms.map((f) => [`C-${f}`, 'S1', f, '', '', f])]);
    files['enrollments.csv'] = csv([['classSourcedId', 'userSourcedId', 'role'], ...staff.map(([id], k) => [`C-${forms[k]}`, id!, 'teacher']), ...pupils.map((i) => [`C-${formOf(i)}`, pupilId(i), 'student'])]);
  } else {
    const when = '2026-09-01T00:00:00Z';
    files['users.csv'] =
      '\uFEFF' +
      csv(
        [
          ['sourcedId', 'status', 'dateLastModified', 'enabledUser', 'orgSourcedIds', 'role', 'username', 'userIds', 'givenName', 'familyName', 'middleName', 'identifier', 'email', 'sms', 'phone', 'agentSourcedIds', 'grades', 'password'],
          ...staff.map(([id, upn, g, f]) => [id!, 'active', when, 'true', 'S1', 'teacher', upn!, '', g!, f!, '', '', upn!, '', '', '', '', '']),
          ['G001', 'active', when, 'true', 'S1', 'parent', 'parent@home.test', '', 'Dawn', 'Carter', '', '', 'parent@home.test', '', '', '', '', ''],
          ...pupils.map((i) => [pupilId(i), left(i) ? 'tobedeleted' : 'active', when, 'true', 'S1', 'student', `${pupilId(i).toLowerCase()}@pupils.school.test`, '', name(i).given, name(i).family, '', `UPN${i}`, '', '', '', '', year(i).padStart(2, '0'), '']),
        ],
        true,
      );
    files['demographics.csv'] = csv([['sourcedId', 'status', 'dateLastModified', 'birthDate', 'sex'], ...pupils.map((i) => [pupilId(i), 'active', when, birth(i), ''])]);
    files['classes.csv'] = csv([
      ['sourcedId', 'status', 'dateLastModified', 'title', 'grades', 'courseSourcedId', 'classCode', 'classType', 'location', 'schoolSourcedId', 'termSourcedIds', 'subjects', 'subjectCodes', 'periods'],
      ...forms.map((f) => [`C-${f}`, 'active', when, f, '', '', f, 'homeroom', '', 'S1', '', '', '', '']),
      ['C-MATHS', 'active', when, 'Maths set 1', '', '', 'MA1', 'scheduled', '', 'S1', '', '', '', ''],
    ]);
    files['enrollments.csv'] = csv([
      ['sourcedId', 'status', 'dateLastModified', 'classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role', 'primary', 'beginDate', 'endDate'],
      ...pupils.flatMap((i) => [
        [`E-${i}`, 'active', when, `C-${formOf(i)}`, 'S1', pupilId(i), 'student', 'false', '', ''],
        [`E-${i}-m`, 'active', when, 'C-MATHS', 'S1', pupilId(i), 'student', 'false', '', ''],
      ]),
    ]);
  }
  return files;
}

/** Writes the files into `dir` (created if needed); returns `dir`. */
export function writeMisFiles(dir: string, files: Record<string, string>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The files as the parser takes them (lower-cased names). */
export function asMap(files: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(files).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The pupils the picker tests import: two Carters on roll (one goes by Sam), a Carter who has left, and Siobhán O'Brien. */
export const PICKER_PUPILS: PupilRow[] = [
  { givenName: 'Samantha', familyName: 'Carter', preferredName: 'Sam', form: '8RB', misId: 'MIS1' },
  { givenName: 'Samuel', familyName: 'Carter', form: '10KP', misId: 'MIS2' },
  { givenName: 'Tom', familyName: 'Carter', form: '9JM', leftOn: '2026-07-22', misId: 'MIS3' },
  { givenName: 'Siobhán', familyName: "O'Brien", form: '7AB', misId: 'MIS4' },
].map((o) => ({ upn: null, preferredName: null, birthDate: '2013-04-01', yearGroup: 'Year 8', leftOn: null, ...o }));

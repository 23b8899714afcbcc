/**
 * The end-to-end routing rows (issue #7), shared by the Teams and Slack suites: one representative
 * row per route, and every row where the concern is about a DSL-team member, the head or the chair.
 * People are the harness's (bot-harness PEOPLE); the school file is edited per row.
 */
import type { Who } from './bot-harness';

export type SchoolSetting = 'default' | 'proprietor' | 'tara_in_channel';

export interface E2eRow {
  name: string;
  school: SchoolSetting;
  path: 'pupil' | 'staff' | 'filtering';
  /** Staff path: a pick from the list, or a typed name then the confirmed person. */
  about?: { pick: Who } | { typed: string; confirm: Who };
  /** Pupil path: a member of staff named as alleged perpetrator, typed then confirmed. */
  adult?: { typed: string; confirm: Who };
  urgent: boolean;
  /** The adult it is about: must receive nothing, ever. */
  subject?: Who;
  /** Who receives something at once (report card or page). */
  told: Who[];
  channel: boolean;
  /** Who has been told once the acknowledgement window passed with nobody acknowledging. */
  afterTimeout?: Who[];
  /** The reporter is given the LADO's number (on the confirmation, or by message after the timeout). */
  reporterGetsLado?: 'at_once' | 'after_timeout';
}

export const E2E_ROWS: E2eRow[] = [
  { name: 'an urgent pupil concern goes to the channel and pages the DSL team, then the head', school: 'default', path: 'pupil', urgent: true, told: ['dsl', 'deputy'], channel: true, afterTimeout: ['dsl', 'deputy', 'head'] },
  { name: 'a filtering problem goes to the channel only', school: 'default', path: 'filtering', urgent: false, told: [], channel: true },
  { name: 'a concern about a teacher goes to the head only', school: 'default', path: 'staff', about: { pick: 'tara' }, urgent: false, subject: 'tara', told: ['head'], channel: false },
  { name: 'an urgent concern about the DSL goes to the head, then the chair, never the DSL or the channel', school: 'default', path: 'staff', about: { pick: 'dsl' }, urgent: true, subject: 'dsl', told: ['head'], channel: false, afterTimeout: ['head', 'chair'], reporterGetsLado: 'after_timeout' },
  { name: 'a concern about the deputy DSL goes to the head only', school: 'default', path: 'staff', about: { pick: 'deputy' }, urgent: false, subject: 'deputy', told: ['head'], channel: false },
  { name: 'a concern about "the online safety lead", confirmed, goes to the head only', school: 'default', path: 'staff', about: { typed: 'the online safety lead', confirm: 'osl' }, urgent: false, subject: 'osl', told: ['head'], channel: false },
  { name: 'an urgent concern about "Mrs Head", confirmed as the head, goes to the chair, then the alternate, never the head', school: 'default', path: 'staff', about: { typed: 'Mrs Head', confirm: 'head' }, urgent: true, subject: 'head', told: ['chair'], channel: false, afterTimeout: ['chair', 'vice'], reporterGetsLado: 'after_timeout' },
  { name: 'a concern about "Mr Chair", confirmed as the chair, goes to the named alternate only', school: 'default', path: 'staff', about: { typed: 'Mr Chair', confirm: 'chair' }, urgent: false, subject: 'chair', told: ['vice'], channel: false },
  { name: 'a pupil concern naming "the head" as alleged perpetrator is an allegation: to the chair, not the channel', school: 'default', path: 'pupil', adult: { typed: 'the head', confirm: 'head' }, urgent: false, subject: 'head', told: ['chair'], channel: false },
  { name: 'an urgent pupil concern naming the DSL ("Dana") as alleged perpetrator goes to the head, then the chair, never the DSL team', school: 'default', path: 'pupil', adult: { typed: 'Dana', confirm: 'dsl' }, urgent: true, subject: 'dsl', told: ['head'], channel: false, afterTimeout: ['head', 'chair'], reporterGetsLado: 'after_timeout' },
  { name: 'with the head as proprietor, an urgent concern about the head goes to nobody in school and the reporter gets the LADO number', school: 'proprietor', path: 'staff', about: { pick: 'head' }, urgent: true, subject: 'head', told: [], channel: false, afterTimeout: [], reporterGetsLado: 'at_once' },
  { name: 'with the head as proprietor, a pupil concern naming "the headteacher" goes to the LADO directly', school: 'proprietor', path: 'pupil', adult: { typed: 'the headteacher', confirm: 'head' }, urgent: false, subject: 'head', told: [], channel: false, reporterGetsLado: 'at_once' },
  { name: 'a pupil concern naming "Miss Teacher", confirmed as Tara who is in the DSL channel, goes to the head and nothing to the channel', school: 'tara_in_channel', path: 'pupil', adult: { typed: 'Miss Teacher', confirm: 'tara' }, urgent: false, subject: 'tara', told: ['head'], channel: false },
  { name: 'an urgent concern about Tara, who is in the DSL channel, pages the head then the chair and never the channel', school: 'tara_in_channel', path: 'staff', about: { pick: 'tara' }, urgent: true, subject: 'tara', told: ['head'], channel: false, afterTimeout: ['head', 'chair'], reporterGetsLado: 'after_timeout' },
];

/** Edits a harness's school YAML for a row's setting. */
export function schoolFor(setting: SchoolSetting): (yaml: string) => string {
  return (yaml) => {
    // Every harness school gets a LADO phone number, so the reporter can be given it.
    let y = yaml.includes('phone:') ? yaml : yaml.replace(/( {2}lado:\n {4}name: [^\n]+\n)/, '$1    phone: 020 7946 0000\n');
    if (setting === 'proprietor') y = y.replace(/( {2}lado:\n)/, '  head_is_proprietor: true\n$1');
    // Tara's email as the harness wrote it (each harness has its own form of address).
    const tara = /- email: (\S+)\n\s+name: Tara Teacher/.exec(y)?.[1];
    if (setting === 'tara_in_channel') y = y.replace(/(safeguarding_team:\n)/, `$1  channel_members: [${tara}]\n`);
    if (y === yaml && setting !== 'default') throw new Error('school edit did not apply');
    return y;
  };
}

/**
 * The end-to-end routing rows, shared by the Teams and Slack suites: one representative
 * row per route, and every row where the concern is about a DSL-team member, the head or the chair.
 * People are the harness's (bot-harness PEOPLE); the school file is edited per row.
 */
import type { Who } from './bot-harness';

/** A named school edit, or the two settings the matrix varies: head is proprietor, and who is listed in the DSL channel. */
export type SchoolSetting = 'default' | 'proprietor' | 'tara_in_channel' | { proprietor: boolean; inChannel: Who | null };

export interface E2eRow {
  name: string;
  school: SchoolSetting;
  path: 'pupil' | 'staff' | 'filtering';
  /** Staff path: a pick from the list, or a typed name then the confirmed person. */
  about?: { pick: Who } | { typed: string; confirm: Who | 'someone_else' };
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
  const { proprietor, inChannel } =
    typeof setting === 'object' ? setting : { proprietor: setting === 'proprietor', inChannel: setting === 'tara_in_channel' ? ('tara' as Who) : null };
  return (yaml) => {
    // Every harness school gets a LADO phone number, so the reporter can be given it.
    let y = yaml.includes('phone:') ? yaml : yaml.replace(/( {2}lado:\n {4}name: [^\n]+\n)/, '$1    phone: 020 7946 0000\n');
    if (proprietor) y = y.replace(/( {2}lado:\n)/, '  head_is_proprietor: true\n$1');
    if (inChannel) {
      // The person's email as the harness wrote it (each harness has its own form of address).
      const email = new RegExp(`- email: (\\S+)\\n\\s+name: ${PEOPLE_NAMES[inChannel]}`).exec(y)?.[1];
      if (!email) throw new Error(`no ${inChannel} in the school file`);
      y = y.replace(/(safeguarding_team:\n)/, `$1  channel_members: [${email}]\n`);
    }
    if (y === yaml && (proprietor || inChannel)) throw new Error('school edit did not apply');
    return y;
  };
}

// The harness people's names (bot-harness PEOPLE), as the school file spells them.
const PEOPLE_NAMES: Record<Who, string> = { dsl: 'Dana DSL', deputy: 'Dev Deputy', osl: 'Olly OSL', head: 'Hana Head', chair: 'Chris Chair', vice: 'Val Vice', teacher: 'Tom Teacher', tara: 'Tara Teacher' };

/**
 * Every combination the wizard can produce end to end — path (pupil with or without a member of
 * staff named as alleged perpetrator, staff, filtering) × who it is about (nobody or an unknown
 * adult, a teacher, the DSL, the deputy, the online safety lead, the head, the chair) × listed in the
 * DSL channel × urgent × head is proprietor — with what a DSL expects written out here, not computed
 * by the code under test (KCSiE Part 4; 000 part 2; 004 §19.2). The fallback rounds after a timeout
 * are in E2E_ROWS and the core table.
 */
export function matrixRows(): E2eRow[] {
  const rows: E2eRow[] = [];
  const subjects: Who[] = ['tara', 'dsl', 'deputy', 'osl', 'head', 'chair'];
  for (const proprietor of [false, true]) {
    for (const urgent of [false, true]) {
      const tag = `${urgent ? 'urgent' : 'not urgent'}, head ${proprietor ? 'is' : 'is not'} proprietor`;
      const school = { proprietor, inChannel: null };
      // Nobody named: the DSL team's channel, and the DSL and deputy paged when urgent.
      for (const path of ['pupil', 'filtering'] as const) {
        rows.push({ name: `matrix: ${path}, no adult named, ${tag}`, school, path, urgent, told: urgent ? ['dsl', 'deputy'] : [], channel: true });
      }
      // An adult nobody in the school file matches ("someone else"): an allegation, to the head.
      rows.push({ name: `matrix: staff, about an unknown adult, ${tag}`, school, path: 'staff', about: { typed: 'Pat Nobody', confirm: 'someone_else' }, urgent, told: ['head'], channel: false });
      for (const who of subjects) {
        for (const listed of [false, true]) {
          const told: Who[] = proprietor && who === 'head' ? [] : who === 'head' ? ['chair'] : who === 'chair' ? ['vice'] : ['head'];
          const lado = proprietor && who === 'head' ? { reporterGetsLado: 'at_once' as const } : {};
          const s = { proprietor, inChannel: listed ? who : null };
          const where = `${listed ? ', listed in the DSL channel' : ''}, ${tag}`;
          rows.push({ name: `matrix: staff, about ${PEOPLE_NAMES[who]}${where}`, school: s, path: 'staff', about: { pick: who }, urgent, subject: who, told, channel: false, ...lado });
          rows.push({ name: `matrix: pupil, ${PEOPLE_NAMES[who]} named as alleged perpetrator${where}`, school: s, path: 'pupil', adult: { typed: PEOPLE_NAMES[who], confirm: who }, urgent, subject: who, told, channel: false, ...lado });
        }
      }
    }
  }
  return rows;
}

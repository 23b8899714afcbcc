/**
 * Who approves filtering changes (001: changes to filtering need approval; 002 §4: the
 * ICT lead carries them out). The school file names roles or people; the ICT lead is never one of
 * them, even when they hold another role too, so nobody approves a change they then make.
 */
import type { z } from 'zod';
import { ROLES, type Person, type Role } from '../model';
import type { School } from '../people/school';
import type { DutySettings } from './settings';

type Setting = DutySettings['filtering_approval'];
/** Roles that may be named as approvers: leadership and the DSL team, never the ICT lead or "staff". */
const APPROVER_ROLES: readonly Role[] = ['headteacher', 'online_safety_lead', 'dsl', 'deputy_dsl', 'chair_of_governors', 'online_safety_governor'];

const isRole = (x: string): x is Role => (ROLES as readonly string[]).includes(x);
const isIct = (p: { roles: readonly string[] }) => p.roles.includes('ict_lead');

/** Checks the setting against the people in the school file (issues land on duties.filtering_approval.*, so load-school gives their line). */
export function checkFilteringApprovers(people: { email: string; roles: readonly string[] }[], setting: Setting, ctx: z.RefinementCtx): void {
  const path = (i?: number) => ['duties', 'filtering_approval', ...(i === undefined ? ['approvers'] : ['approvers', i])];
  let bad = 0;
  const issue = (i: number, message: string) => {
    bad++;
    ctx.addIssue({ code: 'custom', path: path(i), message });
  };
  setting.approvers.forEach((entry, i) => {
    if (isRole(entry)) {
      if (!APPROVER_ROLES.includes(entry)) issue(i, entry === 'ict_lead' ? 'the ICT lead carries out filtering changes and may not approve them (001; 002 §4)' : `${entry} may not approve filtering changes: name headteacher, online_safety_lead, dsl or deputy_dsl, or a person's email`);
      return;
    }
    const p = people.find((x) => x.email === entry);
    if (!p) issue(i, 'must be a role (e.g. headteacher) or the email of a person listed in people');
    else if (isIct(p)) issue(i, 'this person is the ICT lead, who carries out filtering changes and may not approve them (001; 002 §4)');
  });
  if (bad > 0) return;
  const eligible = approverEmails(people, setting);
  if (eligible.length === 0) ctx.addIssue({ code: 'custom', path: path(), message: 'nobody in people can approve filtering changes (the ICT lead never can)' });
  else if (setting.approvals === 2 && eligible.length < 2) ctx.addIssue({ code: 'custom', path: ['duties', 'filtering_approval', 'approvals'], message: 'two approvals need at least two different people who may approve (not the ICT lead)' });
}

function approverEmails(people: { email: string; roles: readonly string[] }[], setting: Setting): string[] {
  const named = new Set(setting.approvers);
  return people.filter((p) => !isIct(p) && (named.has(p.email) || p.roles.some((r) => named.has(r)))).map((p) => p.email);
}

/** Everyone who may approve or refuse a filtering request, in school-file order (never an ICT lead). */
export function filteringApprovers(school: School): Person[] {
  return approverEmails(school.file.people, school.duties.filtering_approval).map((e) => school.person(e));
}

/** Whether this person may approve or refuse filtering requests. */
export function mayApproveFiltering(school: School, person: Person): boolean {
  return !isIct(person) && filteringApprovers(school).some((p) => p.email === person.email);
}

/** How many distinct approvals a request needs (1 or 2). */
export const approvalsNeeded = (school: School): 1 | 2 => school.duties.filtering_approval.approvals;

/** "the headteacher or the online safety lead", for telling requesters who decides. */
export function approversPhrase(school: School): string {
  const words: Record<string, string> = { headteacher: 'the headteacher', online_safety_lead: 'the online safety lead', dsl: 'the DSL', deputy_dsl: 'a deputy DSL', chair_of_governors: 'the chair of governors', online_safety_governor: 'the online safety governor' };
  const names = school.duties.filtering_approval.approvers.map((a) => words[a] ?? school.person(a).name);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0];
  return approvalsNeeded(school) === 2 ? `two different people (${list.replace(/ or ([^,]*)$/, ', $1')})` : list;
}

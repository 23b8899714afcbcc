/**
 * Filtering-change requests (000 part 3; 001; 004 §11.1: changes risk-assessed, with leadership
 * consent, logged and recorded). Staff ask to unblock a site for a lesson; the approvers named in
 * the school file (default the headteacher or the online safety lead; one of them, or two
 * different people) approve or refuse with a reason — never the ICT lead (002 §4), who is told
 * what to change and confirms; when the period ends the sweep reminds the ICT lead to re-block.
 */
import type { CoreDeps } from '../deps';
import type { Person } from '../model';
import { enqueue, MESSAGE_KINDS } from '../notify/enqueue';
import { addDays, isLocalDate, localDate } from './dates';
import { ownersOf } from './facts';
import type { FilterRequest } from './model';
import type { FlowResult } from './flows';

import { approvalsNeeded, approversPhrase, filteringApprovers, mayApproveFiltering } from './approvers';

/** Whether a person may approve or refuse filtering requests at this school (004 §11.1 "with consent from the leadership team"; 002 §4). */
export const mayDecide = (school: CoreDeps['school'], p: Person) => mayApproveFiltering(school, p);

/** The answer to anyone else: it names nobody and says nothing about the request. */
export const NO_ACCESS = "Sorry — you don't have access to decide this request. Nothing was changed.";

export interface NewFilterRequest {
  url: string;
  reason: string;
  fromDate: string;
  untilDate: string;
}

/** Files a request and tells every approver. */
export async function requestUnblock(deps: CoreDeps, person: Person, input: NewFilterRequest): Promise<FlowResult & { request?: FilterRequest }> {
  const now = deps.clock.now();
  const today = localDate(now, deps.school.timezone);
  const url = (input.url ?? '').trim();
  const reason = (input.reason ?? '').trim();
  if (!/^https?:\/\/[^\s]+\.[^\s]+$/i.test(url) || url.length > 2000) return { status: 'invalid', message: 'Please give the full web address, starting https://' };
  if (!reason) return { status: 'invalid', message: 'Please say why the lesson needs it.' };
  if (!isLocalDate(input.fromDate) || !isLocalDate(input.untilDate)) return { status: 'invalid', message: 'Please give the first and last day (YYYY-MM-DD).' };
  if (input.untilDate < input.fromDate || input.fromDate < today) return { status: 'invalid', message: 'The period must start today or later and end on or after its start.' };
  if (input.untilDate > addDays(input.fromDate, 60)) return { status: 'invalid', message: 'Unblocking for a lesson is for at most 60 days: ask the DSL about a lasting change.' };
  return deps.store.transaction(async (tx) => {
    const request = await tx.filterRequests.add({ requesterEmail: person.email, url, reason: reason.slice(0, 2000), fromDate: input.fromDate, untilDate: input.untilDate, status: 'pending', decidedBy: null, decidedAt: null, decisionNote: null, changedAt: null, reblockRemindedAt: null, reblockedAt: null, reblockedBy: null, firstApprovedBy: null, firstApprovedAt: null, firstApprovalNote: null, createdAt: now });
    for (const email of filteringApprovers(deps.school).map((p) => p.email).filter((e) => e !== person.email)) {
      await enqueue(tx, now, MESSAGE_KINDS.filterRequest, { type: 'person', email }, `filter:${request.id}:request:${email}`, null, { requestId: request.id });
    }
    return { status: 'ok' as const, message: `Your request has gone to ${approversPhrase(deps.school)} to approve. You will hear their decision here.`, request };
  });
}

/**
 * Approves or refuses a pending request, with the reason logged; the final approval tells the ICT
 * lead what to change. Where two approvals are needed, the first is kept on the request and a
 * second, different approver completes it; one refusal from any approver refuses it.
 */
export async function decideUnblock(deps: CoreDeps, person: Person, requestId: string, approve: boolean, note: string): Promise<FlowResult> {
  if (!mayDecide(deps.school, person)) return { status: 'forbidden', message: NO_ACCESS };
  const why = (note ?? '').trim();
  if (!why) return { status: 'invalid', message: 'Please record the reason: every change is logged (004 §11.1).' };
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const req = await tx.filterRequests.get(requestId);
    if (!req) return { status: 'not_found' as const, message: 'That request no longer exists.' };
    // Nobody approves their own request: the point of approval is a second pair of eyes.
    if (req.requesterEmail === person.email) return { status: 'forbidden' as const, message: 'You asked for this change, so someone else needs to decide it. Nothing was changed.' };
    if (req.status !== 'pending') return { status: 'stale' as const, message: `Someone has already ${req.status === 'refused' ? 'refused' : 'approved'} this request.` };
    if (approve && approvalsNeeded(deps.school) === 2 && !req.firstApprovedBy) {
      const first = await tx.filterRequests.update({ ...req, firstApprovedBy: person.email, firstApprovedAt: now, firstApprovalNote: why.slice(0, 2000) });
      if (!first) return { status: 'stale' as const, message: 'Someone decided this request at the same moment. Here is where it stands.' };
      return { status: 'ok' as const, message: 'Your approval is logged. A second approver needs to approve it before anything changes.' };
    }
    if (approve && req.firstApprovedBy === person.email) return { status: 'stale' as const, message: 'You have already approved this. It needs a second, different approver.' };
    const saved = await tx.filterRequests.update({ ...req, status: approve ? 'approved' : 'refused', decidedBy: person.email, decidedAt: now, decisionNote: why.slice(0, 2000) });
    if (!saved) return { status: 'stale' as const, message: 'Someone decided this request at the same moment. Here is where it stands.' };
    await enqueue(tx, now, MESSAGE_KINDS.filterDecision, { type: 'person', email: req.requesterEmail }, `filter:${req.id}:decision`, null, { requestId: req.id });
    if (approve) {
      for (const email of ownersOf(deps.school, ['ict_lead'])) await enqueue(tx, now, MESSAGE_KINDS.filterChange, { type: 'person', email }, `filter:${req.id}:change:${email}`, null, { requestId: req.id });
    }
    return { status: 'ok' as const, message: approve ? 'Approved and logged. The ICT lead has been told what to change.' : 'Refused and logged. The requester has been told.' };
  });
}

/** The ICT lead confirms the site is unblocked (after approval) or re-blocked (after the period). */
export async function confirmChange(deps: CoreDeps, person: Person, requestId: string): Promise<FlowResult> {
  if (!person.roles.includes('ict_lead') && !person.roles.includes('dsl')) return { status: 'forbidden', message: 'Only the ICT lead can confirm filtering changes.' };
  const now = deps.clock.now();
  const req = await deps.store.filterRequests.get(requestId);
  if (!req) return { status: 'not_found', message: 'That request no longer exists.' };
  if (req.status === 'approved' && (req.reblockRemindedAt || req.untilDate < localDate(now, deps.school.timezone))) {
    // Never confirmed as unblocked, and the period is over: nothing may stay unblocked, so the request closes as blocked (changedAt stays empty).
    if (!(await deps.store.filterRequests.update({ ...req, status: 'reblocked', reblockedAt: now, reblockedBy: person.email }))) return { status: 'stale', message: 'This request changed just now.' };
    return { status: 'ok', message: `Logged: the period for ${req.url} ended on ${req.untilDate}, so it is recorded as blocked and the request is closed. If it was unblocked, make sure it is blocked now.` };
  }
  if (req.status === 'approved') {
    if (!(await deps.store.filterRequests.update({ ...req, status: 'changed', changedAt: now }))) return { status: 'stale', message: 'This request changed just now.' };
    return { status: 'ok', message: `Logged: ${req.url} unblocked until ${req.untilDate}. I will remind you to re-block it after that.` };
  }
  if (req.status === 'changed' && req.reblockRemindedAt) {
    if (!(await deps.store.filterRequests.update({ ...req, status: 'reblocked', reblockedAt: now, reblockedBy: person.email }))) return { status: 'stale', message: 'This request changed just now.' };
    return { status: 'ok', message: `Logged: ${req.url} is blocked again.` };
  }
  return { status: 'stale', message: req.status === 'reblocked' ? 'Already re-blocked and logged.' : 'Nothing to confirm on this request yet.' };
}

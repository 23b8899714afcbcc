/**
 * Filtering-change requests (000 part 3; 001; 004 §11.1: changes risk-assessed, with leadership
 * consent, logged and recorded). Staff ask to unblock a site for a lesson; the DSL team,
 * headteacher or ICT lead approve or refuse with a reason; the ICT lead is told what to change and
 * confirms; when the period ends the sweep reminds the ICT lead to re-block, who confirms again.
 */
import type { CoreDeps } from '../deps';
import type { Person, Role } from '../model';
import { enqueue, MESSAGE_KINDS } from '../notify/enqueue';
import { addDays, isLocalDate, localDate } from './dates';
import { ownersOf } from './facts';
import type { FilterRequest } from './model';
import type { FlowResult } from './flows';

/** Who may approve or refuse (004 §11.1 "with consent from the leadership team"; 000 part 3). */
export const APPROVERS: readonly Role[] = ['dsl', 'deputy_dsl', 'headteacher', 'ict_lead'];
export const mayDecide = (p: Person) => p.roles.some((r) => APPROVERS.includes(r));

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
    const request = await tx.filterRequests.add({ requesterEmail: person.email, url, reason: reason.slice(0, 2000), fromDate: input.fromDate, untilDate: input.untilDate, status: 'pending', decidedBy: null, decidedAt: null, decisionNote: null, changedAt: null, reblockRemindedAt: null, reblockedAt: null, reblockedBy: null, createdAt: now });
    for (const email of ownersOf(deps.school, APPROVERS).filter((e) => e !== person.email)) {
      await enqueue(tx, now, MESSAGE_KINDS.filterRequest, { type: 'person', email }, `filter:${request.id}:request:${email}`, null, { requestId: request.id });
    }
    return { status: 'ok' as const, message: 'Your request has gone to the DSL team, the headteacher and the ICT lead. You will hear their decision here.', request };
  });
}

/** Approves or refuses a pending request, with the reason logged; an approval tells the ICT lead what to change. */
export async function decideUnblock(deps: CoreDeps, person: Person, requestId: string, approve: boolean, note: string): Promise<FlowResult> {
  if (!mayDecide(person)) return { status: 'forbidden', message: 'Only the DSL team, the headteacher or the ICT lead can decide.' };
  const why = (note ?? '').trim();
  if (!why) return { status: 'invalid', message: 'Please record the reason: every change is logged (004 §11.1).' };
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const req = await tx.filterRequests.get(requestId);
    if (!req) return { status: 'not_found' as const, message: 'That request no longer exists.' };
    if (req.status !== 'pending') return { status: 'stale' as const, message: `Someone has already ${req.status === 'refused' ? 'refused' : 'approved'} this request.` };
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

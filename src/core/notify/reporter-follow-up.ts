/**
 * The reporter is told the truth, because a false "they have it" leaves a child unprotected: at submission "we are now telling
 * <whom>", then exactly one follow-up — "<whom> has your report" once a first-route message is
 * delivered, or the fallback ("please contact them directly") when none could be. Never a word
 * about an outcome, and never a name the reporter did not choose (KCSiE Part 4: an allegation
 * about the head goes to "the chair of governors", which is all the reporter is told).
 */
import type { Incident, OutboxMessage, RouteName } from '../model';
import type { Repositories } from '../ports';
import type { School } from '../people/school';
import { describeRoute } from '../routing/route';
import { enqueue, MESSAGE_KINDS } from './enqueue';

/** How a row the worker finished with ended. */
export type RowOutcome = 'sent' | 'unreachable' | 'failed';

/** The one dedupe key of a report's follow-up: delivered or fallback, whichever comes first, never both. */
export function followUpKey(incidentId: string): string {
  return `followup:${incidentId}`;
}

/** The confirmation's sentence about who is being told: nothing is claimed as done before it is delivered. */
export function confirmationText(route: RouteName, school: School): string {
  const lado = school.ladoContact ? `: ${school.ladoContact}` : '';
  switch (route) {
    case 'lado_direct':
      return `Your report is saved, and it has not been sent to anyone in school: this concern must go to the Local Authority Designated Officer (LADO) directly. Please contact the LADO now${lado}.`;
    case 'none':
      return `Your report is saved, but there is nobody the bot can send it to yet: please contact the Local Authority Designated Officer (LADO) directly${lado}.`;
    default:
      return `We are now telling ${describeRoute(route, school)}. We will message you here when they have it.`;
  }
}

/** Who "has your report" in the delivered follow-up (the route's role, never a person's name). */
export function deliveredWhom(route: RouteName): string {
  switch (route) {
    case 'dsl_team':
      return 'The safeguarding team (the DSL and deputies)';
    case 'headteacher':
      return 'The headteacher';
    case 'chair_of_governors':
      return 'The chair of governors';
    case 'chair_alternate':
      return 'The person the school names for concerns about the chair of governors';
    default:
      return 'The person handling it';
  }
}

/**
 * Whether a row carries the report to its first recipients: the channel card, the direct cards
 * (the fallback DMs that replace an unpostable channel card too) and the first page.
 */
export function isRouteRow(row: Pick<OutboxMessage, 'kind' | 'dedupeKey' | 'incidentId'>): boolean {
  const id = row.incidentId;
  if (!id) return false;
  if (row.kind === MESSAGE_KINDS.channelCard || row.kind === MESSAGE_KINDS.directCard) {
    return row.dedupeKey.startsWith(`report:${id}:`) || row.dedupeKey.startsWith(`fallback:${id}:channel:`);
  }
  return row.kind === MESSAGE_KINDS.page && row.dedupeKey.startsWith(`page:${id}:1:`);
}

/**
 * Called by the worker in the transaction that recorded `row`'s outcome (after the mark and any
 * fallback it enqueued). Enqueues the reporter's follow-up when this outcome settles it; the
 * unique dedupe key makes two workers, or a retry, enqueue one.
 */
export async function followUpReporter(tx: Repositories, school: School, row: OutboxMessage, outcome: RowOutcome, now: Date): Promise<void> {
  if (!isRouteRow(row)) return;
  const incident = await tx.incidents.get(row.incidentId!);
  if (!incident || incident.route === 'lado_direct' || incident.route === 'none') return;
  // Two workers settling the last two route rows at once would each see the other still pending
  // and neither tell the reporter: the incident's lock makes the second decide after the first commits.
  await tx.incidents.lock(incident.id);
  const rows = await tx.outbox.listByIncident(incident.id);
  // The fallback the worker already took (recipient unreachable) is the follow-up: one per report.
  const toldAlready = rows.some((r) => r.kind === MESSAGE_KINDS.reporterFallback || r.kind === MESSAGE_KINDS.reporterDelivered);
  if (toldAlready) return;
  if (outcome === 'sent') {
    await enqueue(tx, now, MESSAGE_KINDS.reporterDelivered, reporterOf(incident), followUpKey(incident.id), incident, { route: incident.route });
    return;
  }
  // Nothing delivered and nothing left to try (a retry or a fallback DM still pending may yet arrive).
  const route = rows.filter(isRouteRow);
  const settled = route.every((r) => r.id === row.id || r.status !== 'pending');
  const anySent = route.some((r) => r.id !== row.id && r.status === 'sent');
  if (settled && !anySent) {
    await enqueue(tx, now, MESSAGE_KINDS.reporterFallback, reporterOf(incident), followUpKey(incident.id), incident, { reason: 'recipient_unreachable', route: incident.route });
  }
}

function reporterOf(incident: Incident) {
  return { type: 'person' as const, email: incident.reporterEmail };
}

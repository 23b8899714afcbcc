/**
 * The vocabulary of outbox messages, and helpers that enqueue them inside a transaction.
 * Payloads hold references only; the sender renders the message from the database when it sends.
 */
import type { Incident, Recipient } from '../model';
import type { Repositories } from '../ports';

export const MESSAGE_KINDS = {
  /** The minimal card in the DSL team channel. */
  channelCard: 'incident.channel_card',
  /** A staff-conduct concern, privately to the headteacher / chair / named alternate. */
  directCard: 'incident.direct_card',
  /** An urgent page to a member of the DSL team (or the routed recipient of an urgent staff concern). */
  page: 'incident.page',
  /** Update every posted card of an incident in place. */
  refresh: 'incident.refresh',
  /** The reporter: their report is closed (broad outcome). */
  reporterClosed: 'reporter.closed',
  /** The reporter: the DSL team asks a question. */
  reporterAsk: 'reporter.ask',
  /** The reporter: the bot could not reach the recipient; contact them directly. */
  reporterFallback: 'reporter.fallback',
  /** The reporter: the first recipient has their report (issue #8: told only once it is true). */
  reporterDelivered: 'reporter.delivered',
  /** A reply within a person's own turn that missed the platform's deadline, delivered to the same conversation later (issue #8). */
  replyLate: 'reply.late',
  /** Duties (issue #4): a personal reminder of a duty (before, on and after its due date). */
  dutyReminder: 'duty.reminder',
  /** Duties: the day's digest of long-overdue duties, to the headteacher (payload { day }; older rows { reminderId }). */
  dutyEscalation: 'duty.escalation',
  /** Duties: the weekly digest to the DSL team and review owners. */
  dutyDigest: 'duty.digest',
  /** Filtering: a request to unblock a site, to an approver. */
  filterRequest: 'filter.request',
  /** Filtering: the decision, to the requester. */
  filterDecision: 'filter.decision',
  /** Filtering: an approved change, to the ICT lead. */
  filterChange: 'filter.change',
  /** Filtering: the period has ended, re-block (to the ICT lead). */
  filterReblock: 'filter.reblock',
  /** Issue #7: someone sent the bot a file (never kept): who, when, where — to the DSL and deputies. */
  dslFileReceived: 'dsl.file_received',
  /** Issue #7: an urgent draft ("immediate danger: yes") left unsent — to the people it would page. */
  dslUrgentDraft: 'dsl.urgent_draft',
  /** Issue #7: the reporter of that draft, reminded once, with a way back to it. */
  reporterUrgentDraft: 'reporter.urgent_draft',
} as const;
export type MessageKind = (typeof MESSAGE_KINDS)[keyof typeof MESSAGE_KINDS];

/** Enqueues one message; the dedupe key makes a repeated event enqueue nothing. */
export async function enqueue(
  tx: Repositories,
  now: Date,
  kind: MessageKind,
  recipient: Recipient,
  dedupeKey: string,
  incident: Pick<Incident, 'id'> | null,
  payload: Record<string, unknown> = {},
): Promise<boolean> {
  return tx.outbox.enqueue(
    { dedupeKey, kind, recipient, incidentId: incident?.id ?? null, payload, nextAttemptAt: now },
    now,
  );
}

/** Asks the sender to update every card already posted for this incident (a new row per change). */
export async function enqueueRefresh(tx: Repositories, now: Date, incident: Incident): Promise<void> {
  await enqueue(tx, now, MESSAGE_KINDS.refresh, { type: 'posted_cards' }, `refresh:${incident.id}:${incident.version}`, incident, {
    version: incident.version,
  });
}

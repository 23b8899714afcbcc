/**
 * The incident lifecycle as a pure transition table, so every status × event can be tested without a database:
 * reported → acknowledged → decision_proposed → decided → closed, and reopen.
 *
 * `transition` runs nothing: the caller saves the new status (with the version check) and enqueues
 * the effects. Who may perform an event is core/routing's question, not this table's.
 */
import type { IncidentStatus } from '../model';

export const LIFECYCLE_EVENTS = [
  'acknowledge',
  'take_ownership',
  'add_note',
  'ask_reporter',
  'propose',
  'approve',
  'reject',
  'decide',
  'close',
  'reopen',
  'record_lado',
] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

/** What the caller must do after saving: stop re-paging, update posted cards, tell people. */
export type Effect = 'stop_paging' | 'refresh_cards' | 'notify_reporter_closed' | 'notify_deciders';

export type TransitionResult = { ok: true; next: IncidentStatus; effects: Effect[] } | { ok: false; reason: string };

type Row = { next: IncidentStatus; effects: readonly Effect[] } | { refuse: string };

// Effects are listed in the order the caller should run them: stop paging first, cards last.
const go = (next: IncidentStatus, ...effects: Effect[]): Row => ({ next, effects });
const refuse = (reason: string): Row => ({ refuse: reason });

const NO_PROPOSAL = refuse('There is no proposed decision waiting for approval.');
const NOT_CLOSED = refuse('This concern is still open, so there is nothing to reopen.');

// From 'reported', any DSL action is the acknowledgement: someone is on it, so the urgent paging stops.
// A direct decision is refused while a proposal is pending, so a deputy cannot bypass the approver.
// Closing with a proposal pending is allowed: the caller withdraws the proposal.
const TABLE: Readonly<Record<IncidentStatus, Partial<Record<LifecycleEvent, Row>>>> = {
  reported: {
    acknowledge: go('acknowledged', 'stop_paging', 'refresh_cards'),
    take_ownership: go('acknowledged', 'stop_paging', 'refresh_cards'),
    add_note: go('acknowledged', 'stop_paging', 'refresh_cards'),
    ask_reporter: go('acknowledged', 'stop_paging', 'refresh_cards'),
    record_lado: go('acknowledged', 'stop_paging', 'refresh_cards'),
    propose: go('decision_proposed', 'stop_paging', 'notify_deciders', 'refresh_cards'),
    approve: NO_PROPOSAL,
    reject: NO_PROPOSAL,
    decide: go('decided', 'stop_paging', 'refresh_cards'),
    close: go('closed', 'stop_paging', 'notify_reporter_closed', 'refresh_cards'),
    reopen: NOT_CLOSED,
  },
  acknowledged: {
    acknowledge: go('acknowledged', 'refresh_cards'),
    take_ownership: go('acknowledged', 'refresh_cards'),
    add_note: go('acknowledged', 'refresh_cards'),
    ask_reporter: go('acknowledged', 'refresh_cards'),
    record_lado: go('acknowledged', 'refresh_cards'),
    propose: go('decision_proposed', 'notify_deciders', 'refresh_cards'),
    approve: NO_PROPOSAL,
    reject: NO_PROPOSAL,
    decide: go('decided', 'refresh_cards'),
    close: go('closed', 'notify_reporter_closed', 'refresh_cards'),
    reopen: NOT_CLOSED,
  },
  decision_proposed: {
    acknowledge: go('decision_proposed', 'refresh_cards'),
    take_ownership: go('decision_proposed', 'refresh_cards'),
    add_note: go('decision_proposed', 'refresh_cards'),
    ask_reporter: go('decision_proposed', 'refresh_cards'),
    record_lado: go('decision_proposed', 'refresh_cards'),
    propose: refuse('A decision is already waiting for approval: approve or reject it first.'),
    approve: go('decided', 'refresh_cards'),
    reject: go('acknowledged', 'refresh_cards'),
    decide: refuse('Approve or reject the pending proposal first.'),
    close: go('closed', 'notify_reporter_closed', 'refresh_cards'),
    reopen: NOT_CLOSED,
  },
  decided: {
    acknowledge: go('decided', 'refresh_cards'),
    take_ownership: go('decided', 'refresh_cards'),
    add_note: go('decided', 'refresh_cards'),
    ask_reporter: go('decided', 'refresh_cards'),
    record_lado: go('decided', 'refresh_cards'),
    propose: go('decision_proposed', 'notify_deciders', 'refresh_cards'),
    approve: NO_PROPOSAL,
    reject: NO_PROPOSAL,
    decide: go('decided', 'refresh_cards'),
    close: go('closed', 'notify_reporter_closed', 'refresh_cards'),
    reopen: NOT_CLOSED,
  },
  // Closed is closed: everything else is refused by CLOSED_REASON below.
  closed: {
    reopen: go('acknowledged', 'refresh_cards'),
  },
};

const CLOSED_REASON = 'This concern is closed: reopen it first.';
const FALLBACK_REASON = 'That action is not available for this concern right now.';

/** The status after `event` and the effects the caller must enqueue, or a kind sentence saying why not. */
export function transition(status: IncidentStatus, event: LifecycleEvent): TransitionResult {
  const row = TABLE[status]?.[event];
  if (!row) return { ok: false, reason: status === 'closed' ? CLOSED_REASON : FALLBACK_REASON };
  if ('refuse' in row) return { ok: false, reason: row.refuse };
  return { ok: true, next: row.next, effects: [...row.effects] };
}

/** The events allowed in a status, in LIFECYCLE_EVENTS order: which buttons a card may show. */
export function allowedEvents(status: IncidentStatus): LifecycleEvent[] {
  return LIFECYCLE_EVENTS.filter((e) => transition(status, e).ok);
}

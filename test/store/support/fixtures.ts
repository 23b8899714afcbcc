/** Builders for store tests: complete, valid rows with overridable fields. */
import type { Draft, Recipient } from '../../../src/core/model';
import type { NewIncident, NewOutboxMessage } from '../../../src/core/ports';

/** A fixed instant with a non-zero millisecond part, so a lost millisecond shows. */
export const T0 = new Date(Date.UTC(2026, 0, 5, 9, 30, 15, 123));

/** T0 plus `ms` milliseconds. */
export const at = (ms: number) => new Date(T0.getTime() + ms);

/** A reported, non-urgent pupil concern. */
export function newIncident(overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    category: 'pupil',
    kinds: ['online_bullying'],
    urgent: false,
    serious: false,
    immediateDanger: false,
    status: 'reported',
    reporterEmail: 'teacher@school.example',
    reporterPlatform: 'teams',
    subjectEmail: null,
    subjectName: null,
    route: 'dsl_team',
    ownerEmail: null,
    answers: { what: 'Messages in the class chat' },
    occurredAt: '2026-01-04',
    reportedAt: T0,
    acknowledgedAt: null,
    closedAt: null,
    outcome: null,
    pageLevel: 0,
    nextPageAt: null,
    ...overrides,
  };
}

/** An open draft on Teams. */
export function newDraft(overrides: Partial<Draft> = {}): Draft {
  return {
    id: `draft-${Math.random().toString(36).slice(2, 10)}`,
    platform: 'teams',
    platformUserId: '29:user-1',
    reporterEmail: 'teacher@school.example',
    category: 'pupil',
    step: 'what',
    answers: { what: 'draft text' },
    status: 'open',
    incidentId: null,
    createdAt: T0,
    updatedAt: T0,
    expiresAt: at(24 * 3600_000),
    dangerAlertedAt: null,
    reporterRemindedAt: null,
    ...overrides,
  };
}

/** An outbox message to a person, due at T0. */
export function newMessage(dedupeKey: string, overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  const recipient: Recipient = { type: 'person', email: 'dsl@school.example' };
  return { dedupeKey, incidentId: null, recipient, kind: 'incident.dm', payload: { v: 1 }, nextAttemptAt: T0, ...overrides };
}

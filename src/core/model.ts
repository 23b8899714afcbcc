/**
 * The shared domain vocabulary of the core: roles, incident records, drafts, outbox rows.
 * Platform-neutral and storage-neutral: plain data, no behaviour.
 */

/** Roles a school file may give a person (000 part 1 roles). */
export const ROLES = [
  'dsl',
  'deputy_dsl',
  'online_safety_lead',
  'headteacher',
  'chair_of_governors',
  'online_safety_governor',
  'ict_lead',
  'staff',
] as const;
export type Role = (typeof ROLES)[number];

export type Platform = 'teams' | 'slack';

/** A person as the core sees them: joined across platforms by lower-cased email. */
export interface Person {
  email: string;
  name: string;
  roles: Role[];
  /** False for someone not in the school file (treated as staff: anyone may report). */
  known: boolean;
}

/** What the concern is about: the first question of the wizard, which picks the route. */
export const CATEGORIES = ['pupil', 'staff', 'filtering', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Lifecycle states, stored as an enum column: reported → acknowledged → decision proposed → decided → closed, reopen. */
export const INCIDENT_STATUSES = ['reported', 'acknowledged', 'decision_proposed', 'decided', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * Decisions after a report: 001 introduction (manage internally, early help, social care, police); KCSiE Part 4/5 (LADO, CEOP, IWF).
 * 'ceop_iwf' is legacy (stored before CEOP and IWF were separate): readable, never offered (core/incident-actions/decisions).
 */
export const DECISIONS = ['manage_internally', 'early_help', 'social_care', 'police', 'lado', 'ceop', 'iwf', 'ceop_iwf'] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * Who a report is routed to (decided once, at submission, by core/routing). 'lado_direct': an
 * allegation the school file sends to the LADO directly (head is proprietor, or a conflict).
 */
export type RouteName = 'dsl_team' | 'headteacher' | 'chair_of_governors' | 'chair_alternate' | 'lado_direct' | 'none';

/** Answers collected by the wizard, keyed by field id. Values are strings or string arrays. */
export type Answers = Record<string, string | string[] | undefined>;

export interface Incident {
  id: string;
  /** Human reference, e.g. OS-2026-0042. */
  reference: string;
  category: Category;
  /** Incident kind ids from core/incidents/kinds. */
  kinds: string[];
  /** Paged now (immediate danger or a page-now kind, by the school's triage at submission). */
  urgent: boolean;
  /** Flagged serious on the DSL team's cards (a serious or page-now kind). */
  serious: boolean;
  immediateDanger: boolean;
  status: IncidentStatus;
  /** Optimistic-concurrency version, bumped on every change; cards carry it. */
  version: number;
  reporterEmail: string;
  reporterPlatform: Platform;
  /** For staff-conduct concerns: the person the concern is about (email when known, else typed name). */
  subjectEmail: string | null;
  subjectName: string | null;
  route: RouteName;
  ownerEmail: string | null;
  /** The wizard answers (incident text: never logged, never put in a notification). */
  answers: Answers;
  /** When it happened, as the reporter gave it (ISO date or date-time). */
  occurredAt: string | null;
  reportedAt: Date;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
  /** Urgent paging: how many times paged, and when to page again if still unacknowledged. */
  pageLevel: number;
  nextPageAt: Date | null;
}

/** One line of the chronology / audit trail (KCSiE Part 2 record keeping: every concern, discussion, decision and reason). */
export interface IncidentEvent {
  id: string;
  incidentId: string;
  at: Date;
  actorEmail: string | null;
  type: string;
  /** Structured data (rationale, decision…); may hold incident text, so never logged. */
  data: Record<string, unknown>;
}

export type ProposalStatus = 'pending' | 'approved' | 'rejected';

export interface Proposal {
  id: string;
  incidentId: string;
  decision: Decision;
  rationale: string;
  proposedBy: string;
  proposedAt: Date;
  status: ProposalStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export interface InfoRequest {
  id: string;
  incidentId: string;
  askedBy: string;
  question: string;
  askedAt: Date;
  answer: string | null;
  answeredAt: Date | null;
}

export type DraftStatus = 'open' | 'submitted' | 'cancelled';

/** A report in progress, saved at every step so a restart loses nothing. */
export interface Draft {
  id: string;
  platform: Platform;
  /** The platform's id for the reporter (Teams `from.id`, Slack user id). */
  platformUserId: string;
  reporterEmail: string;
  category: Category | null;
  /** Current wizard step id. */
  step: string;
  answers: Answers;
  status: DraftStatus;
  incidentId: string | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  /**
   * Abandoned urgent drafts: when the safeguarding team was told, and when the reporter
   * was reminded. Written only by the sweep (DraftRepository.markNotified); save() leaves them as they are.
   */
  dangerAlertedAt?: Date | null;
  reporterRemindedAt?: Date | null;
}

/**
 * Recipients of outbox messages: a person (by email), the DSL team channel, or every card already
 * posted about the incident (to update them in place).
 */
export type Recipient = { type: 'person'; email: string } | { type: 'dsl_channel' } | { type: 'posted_cards' };

export type OutboxStatus = 'pending' | 'sent' | 'unreachable' | 'failed';

/**
 * Every message to a person is first an outbox row, written in the same transaction as the change
 * that caused it, then delivered by the worker (GUIDE: core/notify).
 */
export interface OutboxMessage {
  id: string;
  /** Unique: the same event never enqueues the same message twice. */
  dedupeKey: string;
  incidentId: string | null;
  recipient: Recipient;
  /** What to send, e.g. 'incident.channel_card', 'incident.urgent_page'; the sender renders it from the database. */
  kind: string;
  /** References only (ids, versions), never incident text. */
  payload: Record<string, unknown>;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** A message the bot posted about an incident, so it can be updated in place later. */
export interface PostedMessage {
  incidentId: string;
  platform: Platform;
  /** 'dsl_channel' or a person's email. */
  recipientKey: string;
  kind: string;
  conversationId: string;
  activityId: string;
}

/** A platform identity: how to reach a person proactively. */
export interface Identity {
  platform: Platform;
  platformUserId: string;
  email: string;
  name: string | null;
  tenantId: string | null;
  /** Serialized platform conversation reference for a 1:1 chat (Teams: includes serviceUrl). */
  conversationRef: Record<string, unknown> | null;
  unreachableAt: Date | null;
  unreachableReason: string | null;
}

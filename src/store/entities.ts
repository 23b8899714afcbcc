/**
 * TypeORM entity schemas (no decorators) for the tables created by ./migrations.
 * Timestamps are epoch milliseconds in bigint columns: the one representation that round-trips a
 * JS Date exactly on SQLite and PostgreSQL alike. JSON is stored as text for the same reason.
 */
import { EntitySchema, type EntitySchemaColumnOptions, type QueryDeepPartialEntity, type ValueTransformer } from 'typeorm';
import type {
  Draft,
  Identity,
  Incident,
  IncidentEvent,
  InfoRequest,
  OutboxMessage,
  Platform,
  PostedMessage,
  Proposal,
  Recipient,
} from '../core/model';

/** Date ⇄ epoch ms; PostgreSQL returns bigint as a string, SQLite as a number. */
export const epochMs: ValueTransformer = {
  to: (d: Date | null | undefined) => (d == null ? d : d.getTime()),
  from: (v: string | number | null) => (v == null ? null : new Date(Number(v))),
};

/** Value ⇄ JSON text. */
export const jsonText: ValueTransformer = {
  to: (v: unknown) => (v === undefined ? undefined : JSON.stringify(v)),
  from: (v: string | null) => (v == null ? null : JSON.parse(v)),
};

/**
 * A row (or part of one) as TypeORM's insert/update input. Its deep-partial type rejects our JSON
 * columns (Record<string, unknown>) although the transformer stores them as text; this says so once.
 */
export function asValues<T>(values: Partial<T>): QueryDeepPartialEntity<T> {
  return values as QueryDeepPartialEntity<T>;
}

type Col = EntitySchemaColumnOptions;
const str = (name: string, nullable = false): Col => ({ type: 'varchar', name, nullable });
const text = (name: string, nullable = false): Col => ({ type: 'text', name, nullable });
const int = (name: string): Col => ({ type: 'integer', name });
const bool = (name: string): Col => ({ type: 'boolean', name });
const time = (name: string, nullable = false): Col => ({ type: 'bigint', name, nullable, transformer: epochMs });
const json = (name: string, nullable = false): Col => ({ type: 'text', name, nullable, transformer: jsonText });
const key = (name: string): Col => ({ type: 'varchar', name, primary: true });
// Insertion order, for lists whose rows may share a timestamp (a fake clock gives many).
const seq: Col = { type: 'integer', name: 'seq', primary: true, generated: 'increment' };

export const IncidentEntity = new EntitySchema<Incident>({
  name: 'Incident',
  tableName: 'incidents',
  columns: {
    id: key('id'),
    reference: str('reference'),
    category: str('category'),
    kinds: json('kinds'),
    urgent: bool('urgent'),
    serious: bool('serious'),
    immediateDanger: bool('immediate_danger'),
    status: str('status'),
    version: int('version'),
    reporterEmail: str('reporter_email'),
    reporterPlatform: str('reporter_platform'),
    subjectEmail: str('subject_email', true),
    subjectName: text('subject_name', true),
    route: str('route'),
    ownerEmail: str('owner_email', true),
    answers: json('answers'),
    occurredAt: str('occurred_at', true),
    reportedAt: time('reported_at'),
    acknowledgedAt: time('acknowledged_at', true),
    closedAt: time('closed_at', true),
    outcome: text('outcome', true),
    pageLevel: int('page_level'),
    nextPageAt: time('next_page_at', true),
  },
});

export interface EventRow extends IncidentEvent {
  seq?: number;
}
export const EventEntity = new EntitySchema<EventRow>({
  name: 'IncidentEvent',
  tableName: 'incident_events',
  columns: {
    seq,
    id: str('id'),
    incidentId: str('incident_id'),
    at: time('at'),
    actorEmail: str('actor_email', true),
    type: str('type'),
    data: json('data'),
  },
});

export interface ProposalRow extends Proposal {
  seq?: number;
}
export const ProposalEntity = new EntitySchema<ProposalRow>({
  name: 'Proposal',
  tableName: 'proposals',
  columns: {
    seq,
    id: str('id'),
    incidentId: str('incident_id'),
    decision: str('decision'),
    rationale: text('rationale'),
    proposedBy: str('proposed_by'),
    proposedAt: time('proposed_at'),
    status: str('status'),
    decidedBy: str('decided_by', true),
    decidedAt: time('decided_at', true),
  },
});

export interface InfoRequestRow extends InfoRequest {
  seq?: number;
}
export const InfoRequestEntity = new EntitySchema<InfoRequestRow>({
  name: 'InfoRequest',
  tableName: 'info_requests',
  columns: {
    seq,
    id: str('id'),
    incidentId: str('incident_id'),
    askedBy: str('asked_by'),
    question: text('question'),
    askedAt: time('asked_at'),
    answer: text('answer', true),
    answeredAt: time('answered_at', true),
  },
});

export interface DraftRow extends Draft {
  /** `${platform}:${platformUserId}` while open, null otherwise: unique, so one open draft per reporter. */
  openKey: string | null;
  /** Derived from the answers on every save: "a child is in immediate danger: yes", so an abandoned draft still alerts the safeguarding team. */
  immediateDanger: boolean;
}
export const DraftEntity = new EntitySchema<DraftRow>({
  name: 'Draft',
  tableName: 'drafts',
  columns: {
    id: key('id'),
    platform: str('platform'),
    platformUserId: str('platform_user_id'),
    reporterEmail: str('reporter_email'),
    category: str('category', true),
    step: str('step'),
    answers: json('answers'),
    status: str('status'),
    openKey: str('open_key', true),
    incidentId: str('incident_id', true),
    createdAt: time('created_at'),
    updatedAt: time('updated_at'),
    expiresAt: time('expires_at'),
    immediateDanger: bool('immediate_danger'),
    dangerAlertedAt: time('danger_alerted_at', true),
    reporterRemindedAt: time('reporter_reminded_at', true),
  },
});

export interface OutboxRow extends Omit<OutboxMessage, 'recipient'> {
  seq?: number;
  recipientType: Recipient['type'];
  recipientEmail: string | null;
}
export const OutboxEntity = new EntitySchema<OutboxRow>({
  name: 'OutboxMessage',
  tableName: 'outbox',
  columns: {
    seq,
    id: str('id'),
    dedupeKey: str('dedupe_key'),
    incidentId: str('incident_id', true),
    recipientType: str('recipient_type'),
    recipientEmail: str('recipient_email', true),
    kind: str('kind'),
    payload: json('payload'),
    status: str('status'),
    attempts: int('attempts'),
    nextAttemptAt: time('next_attempt_at'),
    leaseOwner: str('lease_owner', true),
    leaseUntil: time('lease_until', true),
    lastError: text('last_error', true),
    createdAt: time('created_at'),
    sentAt: time('sent_at', true),
  },
});

export interface PostedRow extends PostedMessage {
  seq?: number;
}
export const PostedEntity = new EntitySchema<PostedRow>({
  name: 'PostedMessage',
  tableName: 'posted_messages',
  columns: {
    seq,
    incidentId: str('incident_id'),
    platform: str('platform'),
    recipientKey: str('recipient_key'),
    kind: str('kind'),
    conversationId: text('conversation_id'),
    activityId: text('activity_id'),
  },
});

export const IdentityEntity = new EntitySchema<Identity>({
  name: 'Identity',
  tableName: 'identities',
  columns: {
    platform: key('platform'),
    platformUserId: key('platform_user_id'),
    email: str('email'),
    name: text('name', true),
    tenantId: str('tenant_id', true),
    conversationRef: json('conversation_ref', true),
    unreachableAt: time('unreachable_at', true),
    unreachableReason: text('unreachable_reason', true),
  },
});

export interface ConversationRow {
  platform: Platform;
  key: string;
  ref: Record<string, unknown>;
}
export const ConversationEntity = new EntitySchema<ConversationRow>({
  name: 'Conversation',
  tableName: 'conversations',
  columns: { platform: key('platform'), key: key('key'), ref: json('ref') },
});

/** Every entity, for the DataSource. inbound_events and reference_counters are reached by SQL only. */
export const ENTITIES = [
  IncidentEntity,
  EventEntity,
  ProposalEntity,
  InfoRequestEntity,
  DraftEntity,
  OutboxEntity,
  PostedEntity,
  IdentityEntity,
  ConversationEntity,
];

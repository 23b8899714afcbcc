/** TypeORM entity schemas for the duties tables (migration 1767398400000-duties). */
import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import type { AuaSignature, AuaVersion, Completion, FilterRequest, Reminder, StaffRecord } from '../core/duties/model';
import { epochMs } from './entities';

type Col = EntitySchemaColumnOptions;
const str = (name: string, nullable = false): Col => ({ type: 'varchar', name, nullable });
const text = (name: string, nullable = false): Col => ({ type: 'text', name, nullable });
const int = (name: string, nullable = false): Col => ({ type: 'integer', name, nullable });
const time = (name: string, nullable = false): Col => ({ type: 'bigint', name, nullable, transformer: epochMs });
const key = (name: string): Col => ({ type: 'varchar', name, primary: true });
const seq: Col = { type: 'integer', name: 'seq', primary: true, generated: 'increment' };

export const StaffEntity = new EntitySchema<StaffRecord>({
  name: 'StaffRecord',
  tableName: 'staff_records',
  columns: { email: key('email'), name: text('name'), role: str('role'), startDate: str('start_date', true), source: str('source'), leftOn: str('left_on', true), createdAt: time('created_at'), updatedAt: time('updated_at') },
});

export interface CompletionRow extends Completion {
  seq?: number;
}
export const CompletionEntity = new EntitySchema<CompletionRow>({
  name: 'DutyCompletion',
  tableName: 'duty_completions',
  columns: {
    seq,
    id: str('id'),
    dutyId: str('duty_id'),
    email: str('email', true),
    completedOn: str('completed_on'),
    certificateRef: text('certificate_ref', true),
    notes: text('notes', true),
    recordedBy: str('recorded_by'),
    platform: str('platform'),
    recordedAt: time('recorded_at'),
  },
});

export const AuaVersionEntity = new EntitySchema<AuaVersion>({
  name: 'AuaVersion',
  tableName: 'aua_versions',
  columns: { version: key('version'), effectiveFrom: str('effective_from'), textHash: str('text_hash'), createdAt: time('created_at') },
});

export interface SignatureRow extends AuaSignature {
  seq?: number;
}
export const SignatureEntity = new EntitySchema<SignatureRow>({
  name: 'AuaSignature',
  tableName: 'aua_signatures',
  columns: { seq, id: str('id'), email: str('email'), version: str('version'), signedAt: time('signed_at'), platform: str('platform') },
});

export const ReminderEntity = new EntitySchema<Reminder>({
  name: 'DutyReminder',
  tableName: 'duty_reminders',
  columns: {
    id: key('id'),
    key: str('key'),
    dutyId: str('duty_id'),
    subjectEmail: str('subject_email', true),
    dueDate: str('due_date'),
    dueAt: time('due_at', true),
    lastRemindedAt: time('last_reminded_at', true),
    level: int('level', true),
    version: int('version'),
    leaseOwner: str('lease_owner', true),
    leaseUntil: time('lease_until', true),
    snoozedUntil: str('snoozed_until', true),
    snoozeReason: text('snooze_reason', true),
    snoozedBy: str('snoozed_by', true),
  },
});

export const FilterRequestEntity = new EntitySchema<FilterRequest>({
  name: 'FilterRequest',
  tableName: 'filter_requests',
  columns: {
    id: key('id'),
    requesterEmail: str('requester_email'),
    url: text('url'),
    reason: text('reason'),
    fromDate: str('from_date'),
    untilDate: str('until_date'),
    status: str('status'),
    version: int('version'),
    decidedBy: str('decided_by', true),
    decidedAt: time('decided_at', true),
    decisionNote: text('decision_note', true),
    changedAt: time('changed_at', true),
    reblockRemindedAt: time('reblock_reminded_at', true),
    reblockedAt: time('reblocked_at', true),
    reblockedBy: str('reblocked_by', true),
    firstApprovedBy: str('first_approved_by', true),
    firstApprovedAt: time('first_approved_at', true),
    firstApprovalNote: text('first_approval_note', true),
    createdAt: time('created_at'),
  },
});

/** The duties entities, added to the DataSource next to ENTITIES. */
export const DUTY_ENTITIES = [StaffEntity, CompletionEntity, AuaVersionEntity, SignatureEntity, ReminderEntity, FilterRequestEntity];

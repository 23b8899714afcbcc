/**
 * The data of duties: staff records, completions, AUA versions and signatures,
 * reminders (data swept by a job, so none is lost on a restart) and filtering-change requests.
 */
import type { Platform, Role } from '../model';
import type { LocalDate } from './dates';

/** Where a staff record came from. */
export type StaffSource = 'school_file' | 'import' | 'roster';

/** A member of staff known to the duties feature; `startDate` drives induction duties. */
export interface StaffRecord {
  email: string;
  name: string;
  role: Role;
  startDate: LocalDate | null;
  source: StaffSource;
  /** The day they left (roster or import): the record stays, their reminders stop. Absent or null: on staff. */
  leftOn?: LocalDate | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Where something was recorded: a chat platform, the CLI or an import. */
export type RecordedVia = Platform | 'cli' | 'import';

/** A duty done: training completed or a review carried out (append-only). */
export interface Completion {
  id: string;
  dutyId: string;
  /** The person, for personal duties; null for school duties (reviews, reports). */
  email: string | null;
  completedOn: LocalDate;
  certificateRef: string | null;
  /** For reviews: the outcome (e.g. what is blocked or allowed and why, DfE filtering standards). */
  notes: string | null;
  recordedBy: string;
  platform: RecordedVia;
  recordedAt: Date;
}

/** A version of the school's acceptable use agreement. */
export interface AuaVersion {
  version: string;
  effectiveFrom: LocalDate;
  textHash: string;
  createdAt: Date;
}

/** A signature of the AUA: who, which version, when, where. Immutable: there is no update path. */
export interface AuaSignature {
  id: string;
  email: string;
  version: string;
  signedAt: Date;
  platform: RecordedVia;
}

/** One duty for one person (or the school) as reminder data, swept by the reminder job. */
export interface Reminder {
  id: string;
  /** `${dutyId}:${email}` or `${dutyId}:school`: one row per duty instance. */
  key: string;
  dutyId: string;
  subjectEmail: string | null;
  /** The calendar date the duty falls due (school time zone). */
  dueDate: LocalDate;
  /** The next instant the sweep must look at this row (next reminder stage). Null: nothing more to send. */
  dueAt: Date | null;
  lastRemindedAt: Date | null;
  /** The last stage sent, as days relative to the due date (-30, -7, 0, 7, …); null when none yet for this due date. */
  level: number | null;
  /** Optimistic version, bumped on every change. */
  version: number;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  snoozedUntil: LocalDate | null;
  snoozeReason: string | null;
  snoozedBy: string | null;
}

export const FILTER_STATUSES = ['pending', 'approved', 'refused', 'changed', 'reblocked'] as const;
export type FilterStatus = (typeof FILTER_STATUSES)[number];

/** A request to unblock a site for a lesson (000 part 3, 001, 004 §11.1: changes risk-assessed and logged). */
export interface FilterRequest {
  id: string;
  requesterEmail: string;
  url: string;
  reason: string;
  fromDate: LocalDate;
  untilDate: LocalDate;
  status: FilterStatus;
  version: number;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  changedAt: Date | null;
  reblockRemindedAt: Date | null;
  reblockedAt: Date | null;
  reblockedBy: string | null;
  /** Where two approvals are needed (school file duties.filtering_approval): the first, until the second. Absent or null: none yet. */
  firstApprovedBy?: string | null;
  firstApprovedAt?: Date | null;
  firstApprovalNote?: string | null;
  createdAt: Date;
}

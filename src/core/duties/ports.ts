/** Storage ports of the duties feature; src/store/repositories/duties*.ts implement them. */
import type { Role } from '../model';
import type { LocalDate } from './dates';
import type { AuaSignature, AuaVersion, Completion, FilterRequest, Reminder, StaffRecord } from './model';

export interface StaffRepository {
  /** Inserts a record unless one exists for the email; true when inserted. */
  addIfMissing(r: StaffRecord): Promise<boolean>;
  /** Inserts or replaces by email (imports). */
  upsert(r: StaffRecord): Promise<void>;
  get(email: string): Promise<StaffRecord | null>;
  /** Sets the day someone left (or null when back); true when it changed. */
  setLeft(email: string, leftOn: string | null, now: Date): Promise<boolean>;
  list(): Promise<StaffRecord[]>;
  /** Inserts each record whose email has none (one statement, emails lower-cased); how many were inserted. */
  addManyIfMissing(rs: StaffRecord[]): Promise<number>;
  /** Up to `limit` records with email after `afterEmail` (null: from the start), in email order: a short read for a sweep. */
  page(afterEmail: string | null, limit: number): Promise<StaffRecord[]>;
}

export interface CompletionRepository {
  add(c: Omit<Completion, 'id'>): Promise<Completion>;
  /** The latest completion (by date, then by when recorded) of a duty for a person, or for the school when email is null. */
  latest(dutyId: string, email: string | null): Promise<Completion | null>;
  list(): Promise<Completion[]>;
  /** The latest completion date of each duty for each person (email null: the school's), in one set-based read. */
  latestDates(): Promise<{ dutyId: string; email: string | null; completedOn: LocalDate }[]>;
}

export interface AuaRepository {
  /** Records a version the first time it is seen; true when inserted. */
  addVersion(v: AuaVersion): Promise<boolean>;
  getVersion(version: string): Promise<AuaVersion | null>;
  /** Appends a signature; signatures are never updated or deleted. */
  sign(s: Omit<AuaSignature, 'id'>): Promise<AuaSignature>;
  signatures(email?: string): Promise<AuaSignature[]>;
  /** The latest signature instant of each person for each version, in one set-based read. */
  latestSignatures(): Promise<{ email: string; version: string; signedAt: Date }[]>;
}

export interface ReminderRepository {
  /** Inserts unless the key exists; true when inserted. */
  addIfMissing(r: Omit<Reminder, 'id' | 'version' | 'leaseOwner' | 'leaseUntil'>): Promise<boolean>;
  get(id: string): Promise<Reminder | null>;
  getByKey(key: string): Promise<Reminder | null>;
  list(): Promise<Reminder[]>;
  /** Saves if the stored version is still r.version (then version + 1); null when someone changed it first. */
  update(r: Reminder): Promise<Reminder | null>;
  /**
   * Claims up to `limit` rows with dueAt <= now whose lease is free or expired, for `owner` until
   * now + leaseMs. Two sweepers never hold the same row at once.
   */
  claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<Reminder[]>;
  /**
   * Inside a transaction: up to `limit` rows with dueAt <= now whose lease is free or expired,
   * held until the transaction ends — PostgreSQL locks them (FOR UPDATE SKIP LOCKED, so a second
   * sweeper takes other rows), a SQLite transaction is the only writer. A sweep that saves the rows
   * in the same transaction needs no lease of its own.
   */
  takeDue(now: Date, limit: number): Promise<Reminder[]>;
  /** Inserts each row whose key is missing, in one statement; how many were inserted. */
  addMany(rs: Omit<Reminder, 'id' | 'version' | 'leaseOwner' | 'leaseUntil'>[]): Promise<number>;
  /** Saves, in one statement, each row whose stored version is still r.version (then version + 1); the ids saved. */
  updateMany(rs: Reminder[]): Promise<Set<string>>;
  /** Up to `limit` rows with key after `afterKey` (null: from the start), in key order: a short read for a sweep. */
  page(afterKey: string | null, limit: number): Promise<Reminder[]>;
  /** The school duties' rows (no subject person). */
  listSchool(): Promise<Reminder[]>;
}

export interface FilterRequestRepository {
  add(r: Omit<FilterRequest, 'id' | 'version'>): Promise<FilterRequest>;
  get(id: string): Promise<FilterRequest | null>;
  /** Saves if the stored version is still r.version; null when someone changed it first. */
  update(r: FilterRequest): Promise<FilterRequest | null>;
  /** Unblocked sites whose period has ended (untilDate < today) and whose re-block reminder is not sent. */
  listReblockDue(today: string, limit: number): Promise<FilterRequest[]>;
  list(): Promise<FilterRequest[]>;
}

/** One staff import row as staged: the record, and the completion and signature it adds (ids chosen when staged). */
export interface StagedStaffRow {
  line: number;
  email: string;
  name: string;
  role: Role;
  startDate: LocalDate | null;
  leftOn: LocalDate | null;
  training: { id: string; dutyId: string; completedOn: LocalDate } | null;
  aua: { id: string; version: string; signedAt: Date } | null;
}

/** What an applied import changed. */
export interface StaffImportResult {
  staff: number;
  /** New training completions (one already recorded for the same duty, person and date is not added twice). */
  completions: number;
  /** New AUA signatures (the same person, version and instant is not added twice). */
  signatures: number;
  left: number;
}

/**
 * Staging of staff imports: rows are staged in short batches, then applied to the live tables in
 * one short set-based transaction, so an import never holds the write lock for its whole length.
 */
export interface StaffImportRepository {
  /** Stages one batch of an import's rows (one statement, so the batch lands whole or not at all). */
  stage(importId: string, rows: StagedStaffRow[], stagedAt: Date): Promise<void>;
  /**
   * Applies a staged import to staff records, completions and signatures in one transaction.
   * Refuses, changing nothing, unless exactly `expected` rows are staged under `importId`.
   */
  apply(importId: string, expected: number, now: Date): Promise<StaffImportResult>;
  /** Deletes up to `limit` staging rows of an import; returns how many went (0: none left). */
  clear(importId: string, limit: number): Promise<number>;
  /** Deletes up to `limit` staging rows staged before `before` (imports abandoned by a crash); returns how many went. */
  clearStaleBefore(before: Date, limit: number): Promise<number>;
  /** How many rows are staged, for one import or for all. */
  count(importId?: string): Promise<number>;
}

/** Every duties repository, as added to core/ports Repositories. */
export interface DutyRepositories {
  staffImports: StaffImportRepository;
  staff: StaffRepository;
  completions: CompletionRepository;
  aua: AuaRepository;
  reminders: ReminderRepository;
  filterRequests: FilterRequestRepository;
}

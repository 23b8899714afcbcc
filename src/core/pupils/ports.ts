/** What the pupil record needs from the store (issue #11). */
import type { LocalDate } from '../duties/dates';
import type { PatternAlert, PatternRule, Pupil, PupilImportResult, PupilLink, PupilRow, PupilSource } from './model';

export interface PupilRepository {
  /**
   * Applies one whole import in one transaction: every pupil in `rows` is added or brought up to date
   * (keyed by MIS id); every pupil not in `rows` who has not left is marked as left `today`; a pupil
   * marked left before who is in `rows` (not marked left there) has the mark cleared. All or nothing.
   */
  applyImport(importId: string, source: PupilSource, rows: PupilRow[], today: LocalDate, now: Date): Promise<PupilImportResult>;
  get(misId: string): Promise<Pupil | null>;
  /** Every pupil, by family then given name (leavers too). */
  list(): Promise<Pupil[]>;
  /** Pupils with these MIS ids, leavers too (unknown ids are left out): what a DSL's view of a report shows. */
  getMany(misIds: string[]): Promise<Pupil[]>;
  /** Pupils on roll with these MIS ids (unknown ids and leavers are left out). */
  getOnRoll(misIds: string[]): Promise<Pupil[]>;
  /** Whether any pupil is on roll (the wizard offers the pupil picker only then). */
  anyOnRoll(): Promise<boolean>;
  /**
   * Pupils on roll whose name (legal or preferred, given, family or both) contains `query`, or whose
   * form is `query`, ignoring case; at most `limit`, by family then given name. Leavers too with `leavers`.
   */
  search(query: string, limit: number, opts?: { leavers?: boolean }): Promise<Pupil[]>;
}

/** Which pupils each incident names (issue #11): the join a child's chronology is read through. */
export interface PupilLinkRepository {
  /** Records links; a row of an incident already linked keeps its first link. */
  add(links: PupilLink[]): Promise<void>;
  /** The pupils an incident names, by row. */
  listByIncident(incidentId: string): Promise<PupilLink[]>;
  /** Every incident a pupil is named in, oldest link first. */
  listByPupil(misId: string): Promise<PupilLink[]>;
}

/** An incident as the kind_spike rule counts it: when it was reported, and its kinds. */
export interface ReportedKinds {
  id: string;
  kinds: string[];
  reportedAt: Date;
}

/** Pattern alerts to the DSL team (issue #11), and the reads their rules make beyond a pupil's links. */
export interface PatternAlertRepository {
  /**
   * Records an alert with a fresh id, unless one of the same rule and subject was tripped by the same
   * incident already: the new alert, or null (nothing written) when it existed.
   */
  add(alert: Omit<PatternAlert, 'id'>): Promise<PatternAlert | null>;
  get(id: string): Promise<PatternAlert | null>;
  /** The most recently raised alert of `rule` about `subject`, or null. */
  latest(rule: PatternRule, subject: string): Promise<PatternAlert | null>;
  /** Every alert tripped by this incident, oldest first. */
  listByIncident(incidentId: string): Promise<PatternAlert[]>;
  /** Incidents routed to the DSL team reported at or after `since`, oldest first: what kind_spike counts. */
  dslReportsSince(since: Date): Promise<ReportedKinds[]>;
  /** When the first incident routed to the DSL team was reported (how far back a usual rate can be read), or null. */
  firstDslReportAt(): Promise<Date | null>;
  /**
   * Inside a transaction, holds these subjects (e.g. `pupil:<MIS id>`, `kind:<id>`) until it ends, so
   * two reports committed at once about the same pupil or kind decide one after the other and flag a
   * pattern once (PostgreSQL advisory locks, taken in one order; SQLite transactions already run one
   * at a time). Holding a subject twice in one transaction is harmless.
   */
  lockSubjects(keys: readonly string[]): Promise<void>;
}

export interface PupilRepositories {
  pupils: PupilRepository;
  pupilLinks: PupilLinkRepository;
  patternAlerts: PatternAlertRepository;
}

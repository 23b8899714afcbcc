/** What the pupil record needs from the store (issue #11). */
import type { LocalDate } from '../duties/dates';
import type { Pupil, PupilImportResult, PupilLink, PupilRow, PupilSource } from './model';

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

export interface PupilRepositories {
  pupils: PupilRepository;
  pupilLinks: PupilLinkRepository;
}

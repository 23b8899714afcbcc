/**
 * Every store query the background loop runs each round, in one list that the loop's code and
 * test/store/indexes.spec.ts share: the spec runs each entry against large PostgreSQL tables, explains
 * every statement it sent, and fails on a sequential scan of a large table; test/host/periodic.spec.ts
 * runs a round and fails on a store call named in none of the lists below. So a new periodic query
 * is added here (and so checked), with an index in a migration if it needs one.
 */
import type { Store } from '../core/ports';
import { INBOUND_KEEP_MS, OUTBOX_KEEP_MS, PRUNE_BATCH } from '../core/notify/prune';

/** One periodic query: the store method the loop calls (repository.method) and how it calls it. */
export interface PeriodicQuery {
  method: string;
  /** Which of several calls of one method this is, when the loop makes more than one. */
  variant?: string;
  run(store: Store, now: Date): Promise<unknown>;
}

const OWNER = 'periodic-check';
const LEASE_MS = 60_000;

/** The store calls a round makes that read or change rows found by a condition (not by a key). */
export const PERIODIC_QUERIES: readonly PeriodicQuery[] = [
  { method: 'outbox.claimDue', run: (s, now) => s.outbox.claimDue(now, OWNER, LEASE_MS, 20) },
  { method: 'incidents.listDuePages', run: (s, now) => s.incidents.listDuePages(now, 50) },
  { method: 'drafts.listUrgentIdle', run: (s, now) => s.drafts.listUrgentIdle('dangerAlertedAt', new Date(now.getTime() - 600_000), now, 50) },
  { method: 'drafts.listUrgentIdle', variant: 'the reporter reminder', run: (s, now) => s.drafts.listUrgentIdle('reporterRemindedAt', new Date(now.getTime() - 600_000), now, 50) },
  { method: 'drafts.purgeExpired', run: (s, now) => s.drafts.purgeExpired(now) },
  // The duty sweep: every person's reminder rows in pages (keyset on the unique key), and the school's own duties.
  { method: 'reminders.page', run: (s) => s.reminders.page(null, 1000) },
  { method: 'reminders.page', variant: 'a later page', run: (s) => s.reminders.page('later-training:p5000', 1000) },
  { method: 'reminders.listSchool', run: (s) => s.reminders.listSchool() },
  // Issue #11: tasks whose reminder or escalation is due, and open concerns gone quiet.
  { method: 'tasks.claimDue', run: (s, now) => s.tasks.claimDue(now, OWNER, LEASE_MS, 50) },
  { method: 'incidents.listQuiet', run: (s, now) => s.incidents.listQuiet(new Date(now.getTime() - 14 * 86_400_000), 50) },
  { method: 'filterRequests.listReblockDue', run: (s, now) => s.filterRequests.listReblockDue(now.toISOString().slice(0, 10), 50) },
  { method: 'inbound.pruneSeen', run: (s, now) => s.inbound.pruneSeen(new Date(now.getTime() - INBOUND_KEEP_MS), PRUNE_BATCH) },
  { method: 'outbox.pruneFinished', run: (s, now) => s.outbox.pruneFinished(new Date(now.getTime() - OUTBOX_KEEP_MS), PRUNE_BATCH) },
];

/** Store calls a round makes by primary or unique key (one row, or an insert): indexed by construction. */
export const BY_KEY: readonly string[] = [
  'aua.addVersion',
  'aua.getVersion',
  'deliveries.get',
  'deliveries.posted',
  'deliveries.start',
  'identities.findByEmail',
  'reminders.addIfMissing',
  'reminders.get',
  'reminders.update',
  // The duty sweep's multi-row inserts (conflicts on the unique key are skipped) and its staff pages (keyset on the primary key).
  'staff.addManyIfMissing',
  'staff.page',
  'reminders.addMany',
  'outbox.enqueueMany',
  'tasks.advance',
];

/**
 * Whole-table reads of the duty sweep (at most once a minute): the latest completion of each duty
 * per person and the latest AUA signature per person, as two GROUP BY aggregates — every row is
 * needed, so no index helps; the sweep's benchmark (npm run bench:sweep) measures their cost.
 */
export const WHOLE_TABLE: readonly string[] = [
  'completions.latestDates',
  'aua.latestSignatures',
  // The daily pupil sync from Graph (issue #11, beside the rounds): every pupil is read and written once a day.
  'pupils.list',
  'pupils.applyImport',
];

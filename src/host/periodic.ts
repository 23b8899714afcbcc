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
  { method: 'reminders.claimDue', run: (s, now) => s.reminders.claimDue(now, OWNER, LEASE_MS, 50) },
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
];

/**
 * Whole-table reads of the duty sweep (at most once a minute): it compares every staff record,
 * completion and signature with the reminders. Issue #10 replaces them with set-based SQL; until
 * then they are named here, not indexed, and the sweep's benchmark measures their cost.
 */
export const WHOLE_TABLE: readonly string[] = ['staff.list', 'completions.list', 'aua.signatures', 'reminders.list'];

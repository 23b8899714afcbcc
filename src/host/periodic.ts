/**
 * Every store query the background loop runs each round, in one list that the loop's code and
 * test/store/indexes.spec.ts share: the spec runs each entry against large PostgreSQL tables, explains
 * every statement it sent, and fails on a sequential scan of a large table. A new periodic query is
 * added here (and so checked), with an index in a migration if it needs one.
 */
import type { Store } from '../core/ports';
import { INBOUND_KEEP_MS, OUTBOX_KEEP_MS, PRUNE_BATCH } from '../core/notify/prune';

/** One periodic query: the store method the loop calls (repository.method) and how it calls it. */
export interface PeriodicQuery {
  method: string;
  run(store: Store, now: Date): Promise<unknown>;
}

const OWNER = 'periodic-check';
const LEASE_MS = 60_000;

/** The store calls a round makes that read or change rows found by a condition (not by a key). */
export const PERIODIC_QUERIES: readonly PeriodicQuery[] = [
  { method: 'outbox.claimDue', run: (s, now) => s.outbox.claimDue(now, OWNER, LEASE_MS, 20) },
  { method: 'incidents.listDuePages', run: (s, now) => s.incidents.listDuePages(now, 50) },
  { method: 'drafts.listUrgentIdle', run: (s, now) => s.drafts.listUrgentIdle('dangerAlertedAt', new Date(now.getTime() - 600_000), now, 50) },
  { method: 'drafts.listUrgentIdle (reporter reminder)', run: (s, now) => s.drafts.listUrgentIdle('reporterRemindedAt', new Date(now.getTime() - 600_000), now, 50) },
  { method: 'drafts.purgeExpired', run: (s, now) => s.drafts.purgeExpired(now) },
  { method: 'reminders.claimDue', run: (s, now) => s.reminders.claimDue(now, OWNER, LEASE_MS, 50) },
  { method: 'inbound.pruneSeen', run: (s, now) => s.inbound.pruneSeen(new Date(now.getTime() - INBOUND_KEEP_MS), PRUNE_BATCH) },
  { method: 'outbox.pruneFinished', run: (s, now) => s.outbox.pruneFinished(new Date(now.getTime() - OUTBOX_KEEP_MS), PRUNE_BATCH) },
];

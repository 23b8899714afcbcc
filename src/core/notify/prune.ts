/**
 * Pruning the tables that only grow: the inbound event ids that dedupe platform retries, and
 * outbox rows long finished. Deleted in small batches, each its own statement (and on SQLite its own
 * turn of the store's lock), so a user's turn waits at most one batch. Idempotent: two instances
 * pruning at once delete the same rows once.
 */
import type { Store } from '../ports';

const HOUR_MS = 3_600_000;

/**
 * Event ids are kept 24 h. They only stop a platform's retry of the same event being handled twice:
 * Slack's Events API retries a failed delivery three times (at once, after 1 minute, after
 * 5 minutes), and Teams retries an activity that was not answered within its 10-15 s turn limit. A day is far
 * past both, and small enough that the table stays the size of one day's traffic.
 */
export const INBOUND_KEEP_MS = 24 * HOUR_MS;

/**
 * Finished outbox rows (sent, unreachable, failed) are kept 30 days after they were queued. Their
 * unique dedupe key stops the same message being queued twice while anything could queue it again
 * (a retried turn, an expired lease, a repeated sweep: minutes to a day); the worker finishes a row
 * within hours (12 attempts, backoff capped at 10 minutes); and 30 days leaves a month of delivery
 * history to look into a complaint. A pending row is never pruned. The record of what happened to
 * a concern is the chronology (incident_events), which is never pruned here.
 */
export const OUTBOX_KEEP_MS = 30 * 24 * HOUR_MS;

/** Rows per DELETE: a batch takes a few ms, so a user's turn never waits behind a long one. */
export const PRUNE_BATCH = 500;

/** Batches per table per call: a backlog (a first prune of a year's rows) drains over a few rounds. */
export const PRUNE_MAX_BATCHES = 20;

export interface PruneResult {
  inboundEvents: number;
  outbox: number;
}

/** Deletes what is past its keep time as of `now`, a bounded number of batches per table; returns how many rows went. */
export async function pruneGrowingTables(store: Store, now: Date, batch = PRUNE_BATCH, maxBatches = PRUNE_MAX_BATCHES): Promise<PruneResult> {
  const drain = async (step: () => Promise<number>): Promise<number> => {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await step();
      total += n;
      if (n < batch) break;
    }
    return total;
  };
  const inboundBefore = new Date(now.getTime() - INBOUND_KEEP_MS);
  const outboxBefore = new Date(now.getTime() - OUTBOX_KEEP_MS);
  return {
    inboundEvents: await drain(() => store.inbound.pruneSeen(inboundBefore, batch)),
    outbox: await drain(() => store.outbox.pruneFinished(outboxBefore, batch)),
  };
}

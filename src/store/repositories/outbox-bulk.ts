/**
 * Bulk enqueue for the outbox: many rows in one multi-row INSERT … ON CONFLICT DO NOTHING, so a
 * reminder sweep writes a chunk of messages with one statement instead of one per message. The
 * dedupe key still decides: a row whose key exists is skipped, exactly as enqueue() skips it.
 */
import { insertManyIgnore, type Db } from '../db';
import { OutboxEntity, type OutboxRow } from '../entities';

/** Inserts the rows not yet in the outbox (by dedupe key) in one transaction; the dedupe keys inserted. */
export function enqueueRows(db: Db, rows: OutboxRow[]): Promise<Set<string>> {
  if (rows.length === 0) return Promise.resolve(new Set());
  return db.atomic(async (em) => new Set(await insertManyIgnore(em, OutboxEntity, rows, 'dedupe_key')));
}

/**
 * Applying a parsed staff CSV: a 100,000-row import must not hold the write lock for a minute,
 * or reports made meanwhile would wait. The rows go to a staging table in short batches, each its own transaction tagged with
 * this import's id, then one short set-based transaction applies them all and the staging rows are
 * cleared. All or nothing still holds: the live tables change only in that last transaction, a crash
 * while staging leaves them untouched (a later import clears the abandoned rows), and a re-run adds
 * no duplicate completions or signatures.
 */
import { randomUUID } from 'node:crypto';
import type { CoreDeps } from '../deps';
import type { StaffRow } from './csv-import';
import type { StaffImportResult, StagedStaffRow } from './ports';

/** Rows per staging batch: each batch is one statement, held for milliseconds. */
export const IMPORT_BATCH_ROWS = 1000;
/** Staging rows older than this belong to an import that crashed: the next import clears them. */
export const STALE_STAGING_MS = 60 * 60_000;
// Rows deleted per statement when clearing, so clearing is short transactions too.
const CLEAR_ROWS = 5000;

export interface ImportOptions {
  batchRows?: number;
  /** Pause between staging batches, so a writer on another connection (SQLite's busy wait) finds the lock free. */
  pauseMs?: number;
  /** Called after each batch is staged (tests and the bench: crash or measure mid-import). */
  onBatch?: (staged: number) => Promise<void> | void;
}

const dutyOf = (r: StaffRow): string =>
  r.role === 'dsl' || r.role === 'deputy_dsl' ? 'dsl_training' : r.role === 'chair_of_governors' || r.role === 'online_safety_governor' ? 'governor_training' : 'staff_training';

/**
 * One CSV row as staged. An imported AUA date counts for the current version only if it is on or
 * after that version took effect (002 §6-7: a signature of an older version is not current).
 */
function staged(r: StaffRow, aua: { version: string; effectiveFrom: string }): StagedStaffRow {
  return {
    line: r.line,
    email: r.email,
    name: r.name,
    role: r.role,
    startDate: r.startDate,
    leftOn: r.leftOn,
    training: r.lastTraining ? { id: randomUUID(), dutyId: dutyOf(r), completedOn: r.lastTraining } : null,
    // Noon UTC on the date: the same calendar date in any UK time.
    aua: r.lastAua ? { id: randomUUID(), version: r.lastAua >= aua.effectiveFrom ? aua.version : `before-${aua.version}`, signedAt: new Date(`${r.lastAua}T12:00:00Z`) } : null,
  };
}

const pause = (ms: number) => new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

/** Imports validated rows all or nothing: staged in batches, applied in one short transaction, staging cleared. */
export async function importStaff(deps: CoreDeps, rows: StaffRow[], auaVersion: { version: string; effectiveFrom: string }, opts: ImportOptions = {}): Promise<StaffImportResult & { stagingCleared: boolean }> {
  const { staffImports } = deps.store;
  const batchRows = opts.batchRows ?? IMPORT_BATCH_ROWS;
  const now = deps.clock.now();
  const importId = randomUUID();
  while ((await staffImports.clearStaleBefore(new Date(now.getTime() - STALE_STAGING_MS), CLEAR_ROWS)) > 0) await pause(0);
  const clearAll = async () => {
    while ((await staffImports.clear(importId, CLEAR_ROWS)) > 0) await pause(0);
  };
  let result: StaffImportResult;
  try {
    for (let i = 0; i < rows.length; i += batchRows) {
      await staffImports.stage(importId, rows.slice(i, i + batchRows).map((r) => staged(r, auaVersion)), now);
      await opts.onBatch?.(Math.min(i + batchRows, rows.length));
      await pause(opts.pauseMs ?? 2);
    }
    result = await staffImports.apply(importId, rows.length, now);
  } catch (err) {
    // Why the import failed is what is reported; if clearing fails too, the next import clears what is left.
    await clearAll().catch((clearErr: unknown) => {
      if (err && typeof err === 'object') Object.assign(err, { clearError: clearErr });
    });
    throw err;
  }
  // Applied: a failure to clear now changes nothing the import did (the next import clears what is left).
  const stagingCleared = await clearAll().then(
    () => true,
    () => false,
  );
  return { ...result, stagingCleared };
}

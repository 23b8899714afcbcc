/**
 * Claiming leased work rows (outbox messages, duty reminders) on PostgreSQL in one statement: an
 * UPDATE over a `FOR UPDATE SKIP LOCKED` sub-select, so two instances claiming at once take disjoint
 * rows and neither waits for the other's locks. SQLite keeps its per-row conditional UPDATEs: one
 * writer at a time (the store's lock, BEGIN IMMEDIATE) means there is nobody to skip.
 */
import type { EntityManager, EntitySchema, ObjectLiteral } from 'typeorm';
import { exec } from './db';

/** One claim: which rows are free, in what order, and the lease columns to set on them. */
export interface SkipLockedClaim {
  /** The condition a row must meet to be claimed (its lease free or expired), with `:name` parameters. */
  claimable: string;
  /** ORDER BY of the sub-select: which free rows come first. */
  orderBy: string;
  /** SET list of the UPDATE (the lease owner, its end, any counter). */
  set: string;
  params: ObjectLiteral;
  limit: number;
}

/** The PostgreSQL claim statement for `table` (exported for the index test, which explains it). */
export function skipLockedClaimSql(table: string, claim: Pick<SkipLockedClaim, 'claimable' | 'orderBy' | 'set'>): string {
  return (
    `UPDATE ${table} SET ${claim.set} WHERE "id" IN ` +
    `(SELECT "id" FROM ${table} WHERE ${claim.claimable} ORDER BY ${claim.orderBy} LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING *`
  );
}

/**
 * Claims up to `claim.limit` rows of `entity` on PostgreSQL and returns them as entities (unordered).
 * Under READ COMMITTED a row another transaction changed before it is locked is checked against
 * `claimable` again, so a row just claimed and committed elsewhere is not taken twice.
 */
export async function claimSkipLocked<T extends ObjectLiteral>(em: EntityManager, entity: EntitySchema<T>, claim: SkipLockedClaim): Promise<T[]> {
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const sql = skipLockedClaimSql(driver.escape(meta.tableName), claim);
  const { rows } = await exec<Record<string, unknown>>(em, sql, { ...claim.params, limit: claim.limit });
  // RETURNING gives column names and raw values: hydrate them as TypeORM would (bigint times, JSON text).
  return rows.map((raw) => {
    const out: ObjectLiteral = {};
    for (const c of meta.columns) out[c.propertyName] = driver.prepareHydratedValue(raw[c.databaseName], c);
    return out as T;
  });
}

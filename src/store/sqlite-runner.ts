/**
 * TypeORM's own SqliteQueryRunner (node-sqlite3), with what the store needs and it lacks:
 * - transactions open with BEGIN IMMEDIATE. TypeORM opens deferred ones, so two processes on one
 *   file (the server and a cron-run CLI) that both read and then write deadlock on the upgrade, and
 *   SQLite answers SQLITE_BUSY at once; taking the write lock up front makes the busy timeout apply.
 * - INSERT/UPDATE/DELETE … RETURNING gives its rows: the base runs every write with run(), which
 *   returns none.
 * - every write reports its affected count: the base knows a write only by an upper-case
 *   "INSERT "/"UPDATE "/"DELETE " at the very start, and reports none for any other spelling.
 * - durability where the product promises it, and no disk flush where it does not: in WAL mode
 *   the connection runs with synchronous=NORMAL (SQLite's advice for WAL: a process crash loses
 *   nothing, a power cut may lose the last few single-statement writes — a wizard step, a
 *   presence or dedupe row), and every transaction commits with synchronous=FULL, flushed to disk
 *   before it returns. A report, a decision and the outbox rows they enqueue are all written in
 *   transactions, so what a person was told was saved is on disk; a flushed commit also makes
 *   every earlier WAL frame durable, so order is kept. A flush per wizard step was the largest
 *   cost of a turn (issue #10's profile).
 */
import { QueryFailedError, QueryResult, type DataSource } from 'typeorm';
import type { SqliteDriver } from 'typeorm/driver/sqlite/SqliteDriver';
import { SqliteQueryRunner } from 'typeorm/driver/sqlite/SqliteQueryRunner';
import type { Database, RunResult } from 'sqlite3';

const DEFERRED_BEGIN = /^\s*BEGIN(\s+DEFERRED)?(\s+TRANSACTION)?\s*;?\s*$/i;
const END = /^\s*(COMMIT|ROLLBACK|END)(\s+TRANSACTION)?\s*;?\s*$/i;
const WRITE = /^\s*(insert|update|delete|replace)\b/i;
const RETURNING = /\breturning\b/i;
// What the base runner itself treats as a write (and then reports changes for).
const BASE_WRITE = /^(INSERT|UPDATE|DELETE) /;

/** The store's SQLite query runner (see the module comment). */
export class StoreSqliteQueryRunner extends SqliteQueryRunner {
  /** False for an in-memory database, which has no disk to flush. */
  durableCommits = false;

  /** Sets the connection's baseline (NORMAL) once connected; call after the data source initialises. */
  async useWalDurability(): Promise<void> {
    this.durableCommits = true;
    await super.query('PRAGMA synchronous = NORMAL');
  }

  // The base declares query() as Promise<any>; so must an override.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async query(sql: string, parameters?: unknown[], structured = false): Promise<any> {
    if (DEFERRED_BEGIN.test(sql)) {
      // Set outside the transaction: SQLite applies it to the commit that ends it.
      if (this.durableCommits) await super.query('PRAGMA synchronous = FULL');
      return super.query('BEGIN IMMEDIATE TRANSACTION', parameters, structured);
    }
    if (END.test(sql) && this.durableCommits) {
      try {
        return await super.query(sql, parameters, structured);
      } finally {
        await super.query('PRAGMA synchronous = NORMAL');
      }
    }
    const returning = RETURNING.test(sql);
    if (!WRITE.test(sql) || (BASE_WRITE.test(sql) && !returning)) return super.query(sql, parameters, structured);
    const result = await this.write(sql, parameters ?? [], returning);
    return structured ? result : result.raw;
  }

  private async write(sql: string, parameters: unknown[], returning: boolean): Promise<QueryResult> {
    const db = (await this.connect()) as Database;
    const logger = this.driver.connection.logger;
    logger.logQuery(sql, parameters, this);
    const result = new QueryResult();
    try {
      await new Promise<void>((resolve, reject) => {
        if (returning) {
          db.all(sql, parameters, (err, rows) => {
            if (err) return reject(err);
            // Every changed row is returned, so the count is exact.
            Object.assign(result, { raw: rows, records: rows, affected: rows.length });
            resolve();
          });
        } else {
          db.run(sql, parameters, function (this: RunResult, err: Error | null) {
            if (err) return reject(err);
            Object.assign(result, { raw: /^\s*insert\b/i.test(sql) ? this.lastID : [], records: [], affected: this.changes });
            resolve();
          });
        }
      });
    } catch (err) {
      logger.logQueryError(err as Error, sql, parameters, this);
      throw new QueryFailedError(sql, parameters, err as Error);
    }
    return result;
  }
}

/** After `ds` initialised: NORMAL between transactions, FULL at their commits (see the module comment); a no-op in memory. */
export async function useWalDurability(ds: DataSource): Promise<void> {
  if (ds.options.type !== 'sqlite' || ds.options.database === ':memory:') return;
  const runner = ds.driver.createQueryRunner('master');
  if (runner instanceof StoreSqliteQueryRunner) await runner.useWalDurability();
}

/** Makes `ds` (type "sqlite", not yet initialised) run every query through StoreSqliteQueryRunner. */
export function useStoreSqliteRunner(ds: DataSource): void {
  const driver = ds.driver as SqliteDriver;
  // The driver keeps one runner for its one connection, as TypeORM's own createQueryRunner does.
  driver.createQueryRunner = () => (driver.queryRunner ??= new StoreSqliteQueryRunner(driver));
}

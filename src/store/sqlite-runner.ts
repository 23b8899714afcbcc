/**
 * TypeORM's own SqliteQueryRunner (node-sqlite3), with what the store needs and it lacks:
 * - transactions open with BEGIN IMMEDIATE. TypeORM opens deferred ones, so two processes on one
 *   file (the server and a cron-run CLI) that both read and then write deadlock on the upgrade, and
 *   SQLite answers SQLITE_BUSY at once; taking the write lock up front makes the busy timeout apply.
 * - INSERT/UPDATE/DELETE … RETURNING gives its rows: the base runs every write with run(), which
 *   returns none.
 * - every write reports its affected count: the base knows a write only by an upper-case
 *   "INSERT "/"UPDATE "/"DELETE " at the very start, and reports none for any other spelling.
 */
import { QueryFailedError, QueryResult, type DataSource } from 'typeorm';
import type { SqliteDriver } from 'typeorm/driver/sqlite/SqliteDriver';
import { SqliteQueryRunner } from 'typeorm/driver/sqlite/SqliteQueryRunner';
import type { Database, RunResult } from 'sqlite3';

const DEFERRED_BEGIN = /^\s*BEGIN(\s+DEFERRED)?(\s+TRANSACTION)?\s*;?\s*$/i;
const WRITE = /^\s*(insert|update|delete|replace)\b/i;
const RETURNING = /\breturning\b/i;
// What the base runner itself treats as a write (and then reports changes for).
const BASE_WRITE = /^(INSERT|UPDATE|DELETE) /;

/** The store's SQLite query runner (see the module comment). */
export class StoreSqliteQueryRunner extends SqliteQueryRunner {
  // The base declares query() as Promise<any>; so must an override.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async query(sql: string, parameters?: unknown[], structured = false): Promise<any> {
    if (DEFERRED_BEGIN.test(sql)) return super.query('BEGIN IMMEDIATE TRANSACTION', parameters, structured);
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

/** Makes `ds` (type "sqlite", not yet initialised) run every query through StoreSqliteQueryRunner. */
export function useStoreSqliteRunner(ds: DataSource): void {
  const driver = ds.driver as SqliteDriver;
  // The driver keeps one runner for its one connection, as TypeORM's own createQueryRunner does.
  driver.createQueryRunner = () => (driver.queryRunner ??= new StoreSqliteQueryRunner(driver));
}

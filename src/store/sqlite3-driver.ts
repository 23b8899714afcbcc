/**
 * TypeORM 1.x dropped its node-sqlite3 driver ("sqlite"): its only Node SQLite driver is
 * better-sqlite3, which this project does not install. TypeORM's "expo" driver is a plain
 * AbstractSqliteDriver that talks to an injected async client (`openDatabaseAsync` →
 * `prepareAsync` → `executeAsync`), so this module gives it node-sqlite3 in that shape.
 * Only the calls TypeORM's ExpoDriver/ExpoQueryRunner make are implemented.
 */
import { Database, type RunResult } from 'sqlite3';

/** What ExpoQueryRunner reads from one executed statement. */
interface ExecResult {
  changes: number;
  lastInsertRowId: number;
  getAllAsync(): Promise<unknown[]>;
}

export interface Sqlite3DriverOptions {
  /** How long a statement waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs: number;
}

// Statements that change rows and return none: run() reports changes and the last rowid.
const WRITE_WITHOUT_ROWS = /^\s*(insert|update|delete|replace)\b(?![\s\S]*\breturning\b)/i;

function all(db: Database, sql: string, params: unknown[] = []): Promise<unknown[]> {
  return new Promise((resolve, reject) => db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows))));
}

function run(db: Database, sql: string, params: unknown[] = []): Promise<{ changes: number; lastID: number }> {
  return new Promise((resolve, reject) =>
    db.run(sql, params, function (this: RunResult, err: Error | null) {
      if (err) reject(err);
      else resolve({ changes: this.changes, lastID: this.lastID });
    }),
  );
}

// TypeORM opens deferred transactions. Two processes on one file (the server and a cron-run CLI)
// that both read and then write would deadlock, and SQLite answers SQLITE_BUSY at once without
// waiting. BEGIN IMMEDIATE takes the write lock up front, so the busy timeout applies instead.
const DEFERRED_BEGIN = /^\s*BEGIN(\s+DEFERRED)?(\s+TRANSACTION)?\s*;?\s*$/i;

async function execute(db: Database, sql: string, params: unknown[] | undefined): Promise<ExecResult> {
  if (DEFERRED_BEGIN.test(sql)) sql = 'BEGIN IMMEDIATE TRANSACTION';
  if (WRITE_WITHOUT_ROWS.test(sql)) {
    const r = await run(db, sql, params);
    return { changes: r.changes, lastInsertRowId: r.lastID, getAllAsync: async () => [] };
  }
  const rows = await all(db, sql, params);
  // For INSERT/UPDATE/DELETE … RETURNING every changed row is returned, so the count is exact.
  const changes = /^\s*(insert|update|delete|replace)\b/i.test(sql) ? rows.length : 0;
  return { changes, lastInsertRowId: 0, getAllAsync: async () => rows };
}

class Sqlite3Connection {
  constructor(private readonly db: Database) {}

  async runAsync(sql: string, ...params: unknown[]): Promise<void> {
    await run(this.db, sql, params);
  }

  async prepareAsync(sql: string) {
    const db = this.db;
    return {
      executeAsync: (params?: unknown[]) => execute(db, sql, params),
      finalizeAsync: async () => undefined,
    };
  }

  closeAsync(): Promise<void> {
    return new Promise((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }
}

function openDatabase(filename: string): Promise<Database> {
  return new Promise((resolve, reject) => {
    const db: Database = new Database(filename, (err) => (err ? reject(err) : resolve(db)));
  });
}

/** node-sqlite3 presented as the async client TypeORM's "expo" driver expects (pass as `driver`). */
export function sqlite3Driver(options: Sqlite3DriverOptions) {
  return {
    async openDatabaseAsync(filename: string): Promise<Sqlite3Connection> {
      const db = await openDatabase(filename);
      // Keep statements in submission order even if a caller forgets to await one.
      db.serialize();
      await all(db, `PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
      // WAL lets readers run beside the writer; an in-memory database has no journal to change.
      if (filename !== ':memory:') await all(db, 'PRAGMA journal_mode = WAL');
      await all(db, 'PRAGMA foreign_keys = ON');
      return new Sqlite3Connection(db);
    },
  };
}

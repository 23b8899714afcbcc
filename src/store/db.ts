/**
 * How repositories reach the database: through a Db that is either the store's root (each call on
 * its own, serialized on SQLite) or one open transaction.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, EntitySchema, ObjectLiteral } from 'typeorm';
import type { Engine } from './data-source';

/** A FIFO async lock. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `fn` once every earlier caller has finished. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export interface Db {
  readonly engine: Engine;
  /** Runs `fn` with a manager: the transaction's, or outside one the data source's. */
  run<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
  /** Like run, but all of `fn`'s writes land together: in the current transaction, or in a new one. */
  atomic<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
}

/** The store's own Db, which can also open transactions. */
export interface RootDb extends Db {
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
}

/** A Db bound to one transaction's manager. */
function txDb(engine: Engine, em: EntityManager): Db {
  return { engine, run: (fn) => fn(em), atomic: (fn) => fn(em) };
}

/** How many queued SQLite transactions may share one commit. */
const MAX_GROUP = 64;

/** The root Db of a data source; on SQLite every call and transaction takes the store's lock. */
export function rootDb(ds: DataSource, engine: Engine): RootDb {
  // TypeORM drives SQLite through one connection and one query runner: without this lock a second
  // transaction would nest inside the first as a SAVEPOINT, and plain writes would join another's.
  const mutex = engine === 'sqlite' ? new Mutex() : null;
  // Which lock holder the current async context is, to refuse (not deadlock on) re-entry.
  const holding = new AsyncLocalStorage<object>();
  let holder: object | null = null;
  const locked = <T>(fn: () => Promise<T>): Promise<T> => {
    if (!mutex) return fn();
    if (holder && holding.getStore() === holder)
      return Promise.reject(new Error('store: inside transaction(fn) use the repositories passed to fn, not the store'));
    return mutex.run(async () => {
      const token = {};
      holder = token;
      try {
        return await holding.run(token, fn);
      } finally {
        holder = null;
      }
    });
  };
  const single = <T>(fn: (tx: Db) => Promise<T>): Promise<T> => ds.transaction((em) => fn(txDb(engine, em)));
  // SQLite: group commit. Transactions that queue while one runs are run together as savepoints
  // of one transaction, committed (and flushed to disk) once; each still succeeds or fails alone,
  // and none is answered before the commit that makes it durable. One flush per group instead of
  // one per transaction is what lets a burst of reports through (issue #10).
  const queue: Array<{ fn: (tx: Db) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  let draining = false;
  const runGroup = async (group: typeof queue): Promise<void> => {
    if (group.length === 1) {
      const [job] = group;
      await single(job.fn).then(job.resolve, job.reject);
      return;
    }
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }> = [];
    try {
      await ds.transaction(async (em) => {
        for (const job of group) {
          try {
            // A nested transaction on the same runner is a SAVEPOINT: a failure rolls back this job's writes only.
            outcomes.push({ ok: true, value: await em.transaction((inner) => job.fn(txDb(engine, inner))) });
          } catch (err) {
            outcomes.push({ ok: false, err });
          }
        }
      });
    } catch (err) {
      // The commit itself failed: nothing of the group was saved, and every caller is told.
      for (const job of group) job.reject(err);
      return;
    }
    group.forEach((job, i) => {
      const o = outcomes[i];
      if (o.ok) job.resolve(o.value);
      else job.reject(o.err);
    });
  };
  const drain = async (): Promise<void> => {
    draining = true;
    try {
      while (queue.length > 0) await locked(() => runGroup(queue.splice(0, MAX_GROUP)));
    } finally {
      draining = false;
    }
  };
  const transaction = <T>(fn: (tx: Db) => Promise<T>): Promise<T> => {
    if (!mutex) return single(fn);
    if (holder && holding.getStore() === holder)
      return Promise.reject(new Error('store: inside transaction(fn) use the repositories passed to fn, not the store'));
    return new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!draining) void drain();
    });
  };
  return {
    engine,
    run: (fn) => locked(() => fn(ds.manager)),
    atomic: (fn) => transaction((tx) => tx.run(fn)),
    transaction,
  };
}

export interface ExecResult<R> {
  rows: R[];
  affected: number;
}

/**
 * Runs raw SQL with `:name` parameters (the driver turns them into `?` or `$n`) and returns both
 * the rows and the affected-row count, which EntityManager.query() does not expose.
 */
export async function exec<R = ObjectLiteral>(em: EntityManager, sql: string, params: ObjectLiteral = {}): Promise<ExecResult<R>> {
  const [query, values] = em.connection.driver.escapeQueryWithParameters(sql, params, {});
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  try {
    const result = await runner.query(query, values, true);
    return { rows: (result.records ?? []) as R[], affected: result.affected ?? 0 };
  } finally {
    if (!em.queryRunner) await runner.release();
  }
}

/**
 * Inserts `row` unless it collides with a unique key; true when inserted. Uses ON CONFLICT DO
 * NOTHING (same SQL on both engines) so a duplicate never aborts an open PostgreSQL transaction.
 */
export async function insertIgnore<T extends ObjectLiteral>(em: EntityManager, entity: EntitySchema<T>, row: T): Promise<boolean> {
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const columns = meta.columns.filter((c) => !c.isGenerated);
  const params: ObjectLiteral = {};
  columns.forEach((c, i) => (params[`v${i}`] = driver.preparePersistentValue(c.getEntityValue(row), c)));
  const sql =
    `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) ` +
    `VALUES (${columns.map((_, i) => `:v${i}`).join(', ')}) ON CONFLICT DO NOTHING`;
  return (await exec(em, sql, params)).affected === 1;
}

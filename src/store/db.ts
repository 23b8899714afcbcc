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
  /**
   * Runs `fn`, which only reads: in a transaction, on its connection; outside one on a SQLite file,
   * on the store's read connection, without waiting for the write lock (WAL: it sees every write
   * committed before it began). A turn's look-ups then never queue behind other people's writes.
   */
  read<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
}

/** The store's own Db, which can also open transactions. */
export interface RootDb extends Db {
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
}

/** A Db bound to one transaction's manager. */
function txDb(engine: Engine, em: EntityManager): Db {
  return { engine, run: (fn) => fn(em), atomic: (fn) => fn(em), read: (fn) => fn(em) };
}

/** How many queued SQLite transactions may share one commit. */
const MAX_GROUP = 64;

/** The root Db of a data source; on SQLite every call and transaction takes the store's lock. */
export function rootDb(ds: DataSource, engine: Engine, reader: DataSource | null = null): RootDb {
  // TypeORM drives SQLite through one connection and one query runner: without this lock a second
  // transaction would nest inside the first as a SAVEPOINT, and plain writes would join another's.
  const mutex = engine === 'sqlite' ? new Mutex() : null;
  // Which lock holder the current async context is, to refuse (not deadlock on) re-entry.
  const holding = new AsyncLocalStorage<object>();
  let holder: object | null = null;
  /** Refuses (rather than deadlocks on) the store being used from inside one of its own transactions. */
  const reentry = (): Promise<never> | null =>
    holder && holding.getStore() === holder ? Promise.reject(new Error('store: inside transaction(fn) use the repositories passed to fn, not the store')) : null;
  const locked = <T>(fn: () => Promise<T>): Promise<T> => {
    if (!mutex) return fn();
    const refused = reentry();
    if (refused) return refused;
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
    const refused = reentry();
    if (refused) return refused;
    return new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!draining) void drain();
    });
  };
  const run = <T>(fn: (em: EntityManager) => Promise<T>): Promise<T> => locked(() => fn(ds.manager));
  return {
    engine,
    run,
    read: (fn) => {
      if (!reader) return run(fn);
      // The same misuse run() refuses: inside transaction(fn), reads go through the repositories passed to fn.
      return reentry() ?? fn(reader.manager);
    },
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

/**
 * Bound parameters one statement may carry: SQLite's limit in the bundled build (3.32+) is 32766,
 * PostgreSQL's wire protocol 65535; staying under the smaller leaves room for other parameters.
 */
export const MAX_PARAMS = 32_000;

/**
 * Positional parameters for a statement built in code (bulk VALUES lists): numbered placeholders
 * (`?1` on SQLite, `$1` on PostgreSQL) skip TypeORM's named-parameter rewriting, which costs more
 * than the query itself at thousands of parameters.
 */
export class Params {
  readonly values: unknown[] = [];
  // Per column, the placeholder of each simple value already bound: a bulk statement's repeated
  // values (statuses, nulls, the sweep's instant) are bound once. Keyed by column, so on PostgreSQL
  // a reused placeholder always stands where one type is expected.
  private readonly seen = new Map<string, string>();
  constructor(private readonly engine: Engine) {}

  /** The placeholder of `v`: the next parameter, or, for a simple value already bound in the same `column`, that one. */
  add(v: unknown, column?: string): string {
    const simple = v === null || typeof v === 'number' || (typeof v === 'string' && v.length <= 64);
    const key = column !== undefined && simple ? `${column}\u0000${typeof v}\u0000${String(v)}` : null;
    const known = key === null ? undefined : this.seen.get(key);
    if (known) return known;
    this.values.push(v);
    const ph = this.engine === 'sqlite' ? `?${this.values.length}` : `$${this.values.length}`;
    if (key !== null) this.seen.set(key, ph);
    return ph;
  }
}

/** Params for the engine of `em`. */
export const paramsFor = (em: EntityManager): Params => new Params(em.connection.options.type === 'postgres' ? 'postgres' : 'sqlite');

/** Runs SQL whose parameters are already positional (see Params); rows and affected count as exec() gives them. */
export async function execParams<R = ObjectLiteral>(em: EntityManager, sql: string, params: Params): Promise<ExecResult<R>> {
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params.values, true);
    return { rows: (result.records ?? []) as R[], affected: result.affected ?? 0 };
  } finally {
    if (!em.queryRunner) await runner.release();
  }
}

// The PostgreSQL array type of each column type the entities use.
const PG_ARRAY: Record<string, string | undefined> = { varchar: 'text[]', text: 'text[]', integer: 'int[]', bigint: 'bigint[]' };

/**
 * Inserts `rows` with multi-row INSERT … ON CONFLICT DO NOTHING: on SQLite a VALUES list (one
 * statement per MAX_PARAMS parameters), on PostgreSQL one INSERT … SELECT FROM unnest(arrays). Returns the `returning` column of each row inserted, so a
 * caller learns which rows were new without a second read.
 */
export async function insertManyIgnore<T extends ObjectLiteral>(em: EntityManager, entity: EntitySchema<T>, rows: T[], returning: string): Promise<string[]> {
  if (rows.length === 0) return [];
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const columns = meta.columns.filter((c) => !c.isGenerated);
  const arrays = columns.map((c) => PG_ARRAY[String(c.type)]);
  if (em.connection.options.type === 'postgres' && arrays.every((a) => a !== undefined)) {
    // PostgreSQL: one array parameter per column (unnest), however many rows — no parameter limit, and one short parse.
    const values = columns.map((c) => rows.map((row) => driver.preparePersistentValue(c.getEntityValue(row), c)));
    const sql = `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) SELECT * FROM unnest(${arrays.map((a, i) => `$${i + 1}::${a}`).join(', ')}) ON CONFLICT DO NOTHING RETURNING ${driver.escape(returning)} AS "r"`;
    const params = new Params('postgres');
    values.forEach((v) => params.values.push(v));
    return (await execParams<{ r: string }>(em, sql, params)).rows.map((r) => r.r);
  }
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const head = `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  const inserted: string[] = [];
  for (let from = 0; from < rows.length; from += perStatement) {
    const params = paramsFor(em);
    const tuples = rows.slice(from, from + perStatement).map((row) => `(${columns.map((c) => params.add(driver.preparePersistentValue(c.getEntityValue(row), c), c.databaseName)).join(', ')})`);
    const sql = `${head}${tuples.join(', ')} ON CONFLICT DO NOTHING RETURNING ${driver.escape(returning)} AS "r"`;
    for (const r of (await execParams<{ r: string }>(em, sql, params)).rows) inserted.push(r.r);
  }
  return inserted;
}

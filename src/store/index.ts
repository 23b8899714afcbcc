/**
 * The storage adapter: TypeORM on SQLite (default) or PostgreSQL, implementing core/ports Store.
 * Callers need only openStore(DATABASE_URL).
 */
import { checkSchemaName, createDataSource, engineOf, parseDatabaseUrl, type DataSourceOptionsIn } from './data-source';
import { assertMayCreatePostgres, assertMayCreateSqlite, hasMigrationsTable, sqliteFileExists, writeMarker } from './init-guard';
import type { DataSource } from 'typeorm';
import { TypeOrmStore } from './store';
import { useWalDurability } from './sqlite-runner';

export { createDataSource, parseDatabaseUrl } from './data-source';
export type { DataSourceOptionsIn, DatabaseTarget, Engine } from './data-source';
export { TypeOrmStore } from './store';
export { DatabaseNotReadyError, demoMayInitialise } from './init-guard';

export interface OpenStoreOptions extends DataSourceOptionsIn {
  /**
   * May a new, empty database be created when none is there? Default false: a missing database is
   * an outage (DatabaseNotReadyError), never a fresh start. Even when true, never where a marker
   * says one existed. `safeguard db init` passes true; `sqlite::memory:` is always created.
   */
  create?: boolean;
}

/**
 * Connects to `url`, brings the schema up to date (every pending migration, each in its own
 * transaction) and returns the Store. For PostgreSQL, `schema` is created if missing (when creating).
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<TypeOrmStore> {
  const target = parseDatabaseUrl(url);
  const { create = false, ...dsOptions } = options;
  const opts = { ...dsOptions, schema: dsOptions.schema ?? (target.engine === 'postgres' ? target.schema : undefined) };
  const file = target.engine === 'sqlite' && target.filename !== ':memory:' ? target.filename : null;
  // Checked before opening: node-sqlite3 would create the missing file.
  const fileExisted = file ? sqliteFileExists(file) : true;
  if (file && !fileExisted) assertMayCreateSqlite(file, create);
  const ds = createDataSource(url, opts);
  await ds.initialize();
  await useWalDurability(ds);
  let createdNow = false;
  try {
    if (engineOf(ds) === 'postgres') {
      // TypeORM takes no lock while migrating: hold an advisory lock so two instances starting
      // together do not both create the same tables.
      const runner = ds.createQueryRunner();
      await runner.connect();
      const lockKey = `safeguarding-bot:migrations:${opts.schema ?? ''}`;
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
      try {
        if (!(await hasMigrationsTable(ds, opts.schema))) {
          assertMayCreatePostgres(opts.schema, create);
          createdNow = true;
        }
        if (opts.schema) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${checkSchemaName(opts.schema)}"`);
        await ds.runMigrations({ transaction: 'each' });
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
        await runner.release();
      }
    } else {
      if (!(await hasMigrationsTable(ds))) {
        // A file that exists but holds no schema (emptied, or not ours) is refused like a missing one.
        if (file && fileExisted) assertMayCreateSqlite(file, create);
        createdNow = true;
      }
      await ds.runMigrations({ transaction: 'each' });
      if (file) writeMarker(file, new Date());
    }
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  let reader: DataSource | null = null;
  if (file) {
    // A second connection for reads (./db.ts read()): WAL lets it read beside the writer.
    reader = createDataSource(url, opts);
    try {
      await reader.initialize();
      await reader.query('PRAGMA query_only = ON');
    } catch (err) {
      if (reader.isInitialized) await reader.destroy();
      await ds.destroy();
      throw err;
    }
  }
  return new TypeOrmStore(ds, { createdNow, reader });
}

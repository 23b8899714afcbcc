/**
 * The storage adapter: TypeORM on SQLite (default) or PostgreSQL, implementing core/ports Store.
 * Callers need only openStore(DATABASE_URL).
 */
import type { Store } from '../core/ports';
import { checkSchemaName, createDataSource, engineOf, parseDatabaseUrl, type DataSourceOptionsIn } from './data-source';
import { TypeOrmStore } from './store';

export { createDataSource, parseDatabaseUrl } from './data-source';
export type { DataSourceOptionsIn, DatabaseTarget, Engine } from './data-source';
export { TypeOrmStore } from './store';

export type OpenStoreOptions = DataSourceOptionsIn;

/**
 * Connects to `url`, brings the schema up to date (every pending migration, each in its own
 * transaction) and returns the Store. For PostgreSQL, `schema` is created if missing.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const target = parseDatabaseUrl(url);
  const opts = { ...options, schema: options.schema ?? (target.engine === 'postgres' ? target.schema : undefined) };
  const ds = createDataSource(url, opts);
  await ds.initialize();
  try {
    if (engineOf(ds) === 'postgres') {
      // TypeORM takes no lock while migrating: hold an advisory lock so two instances starting
      // together do not both create the same tables.
      const runner = ds.createQueryRunner();
      await runner.connect();
      const lockKey = `safeguarding-bot:migrations:${opts.schema ?? ''}`;
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
      try {
        if (opts.schema) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${checkSchemaName(opts.schema)}"`);
        await ds.runMigrations({ transaction: 'each' });
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
        await runner.release();
      }
    } else {
      await ds.runMigrations({ transaction: 'each' });
    }
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  return new TypeOrmStore(ds);
}

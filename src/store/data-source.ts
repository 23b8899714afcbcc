/**
 * Builds the TypeORM DataSource from a DATABASE_URL: `sqlite:<path>`, `sqlite::memory:`,
 * or `postgres://…` / `postgresql://…`. Schema changes happen only through ./migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { DUTY_ENTITIES } from './entities-duties';
import { PUPIL_ENTITIES } from './entities-pupils';
import { TASK_ENTITIES } from './entities-tasks';
import { MIGRATIONS } from './migrations';
import { useStoreSqliteRunner } from './sqlite-runner';
import { installNormalisation } from './normalise';

export type Engine = 'sqlite' | 'postgres';

export type DatabaseTarget = { engine: 'sqlite'; filename: string } | { engine: 'postgres'; url: string; schema?: string };

export interface DataSourceOptionsIn {
  /** PostgreSQL only: the schema that holds every table (created by openStore if missing). */
  schema?: string;
}

const ALL_ENTITIES = [...ENTITIES, ...DUTY_ENTITIES, ...PUPIL_ENTITIES, ...TASK_ENTITIES];

const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * node-sqlite3 as TypeORM is given it, with verbose() a no-op. TypeORM calls verbose(), which wraps
 * every driver call to keep a long stack trace: an Error built and every argument util.inspected,
 * on every statement (about 3 % of a wizard step's CPU in issue #10's profile).
 */
const QUIET_SQLITE3: typeof sqlite3 = Object.assign(Object.create(sqlite3) as typeof sqlite3, { verbose: () => QUIET_SQLITE3 });
const PG_CONNECT_TIMEOUT_MS = 5000;

/** Reads a DATABASE_URL into an engine and its target; throws on anything else. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    // `?schema=name` keeps every table in one schema (shared servers, and each test run its own).
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    return { engine: 'postgres', url: parsed.toString(), schema: schema === undefined ? undefined : checkSchemaName(schema) };
  }
  if (url.startsWith('sqlite:')) {
    let filename = url.slice('sqlite:'.length);
    if (filename.startsWith('//')) filename = filename.slice(2);
    if (filename === '') throw new Error('DATABASE_URL sqlite: needs a file path or :memory:');
    return { engine: 'sqlite', filename };
  }
  throw new Error('DATABASE_URL must start with sqlite: or postgres://');
}

/** A PostgreSQL schema name we can put in SQL without quoting surprises. */
export function checkSchemaName(schema: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${JSON.stringify(schema)}`);
  return schema;
}

/** The engine a DataSource talks to. */
export function engineOf(ds: DataSource): Engine {
  return ds.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

/** Creates (does not initialise) a DataSource for `url`; for a SQLite file, creates its directory. */
export function createDataSource(url: string, opts: DataSourceOptionsIn = {}): DataSource {
  const target = parseDatabaseUrl(url);
  const common = {
    entities: ALL_ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    // A null or undefined in a find/update/delete criterion is a bug: throw rather than drop the condition and match every row.
    invalidWhereValuesBehavior: { null: 'throw', undefined: 'throw' },
  } as const;
  if (target.engine === 'sqlite') {
    if (opts.schema) throw new Error('a schema applies to PostgreSQL only');
    if (target.filename !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(target.filename)), { recursive: true });
    const ds = new DataSource({
      ...common,
      type: 'sqlite',
      driver: QUIET_SQLITE3,
      database: target.filename,
      busyTimeout: SQLITE_BUSY_TIMEOUT_MS,
      // WAL lets readers run beside the writer; an in-memory database has no journal to change.
      enableWAL: target.filename !== ':memory:',
    });
    useStoreSqliteRunner(ds);
    return normalised(ds);
  }
  const schema = opts.schema === undefined ? target.schema : checkSchemaName(opts.schema);
  return normalised(new DataSource({
    ...common,
    type: 'postgres',
    url: target.url,
    schema,
    applicationName: 'safeguarding-bot',
    connectTimeoutMS: PG_CONNECT_TIMEOUT_MS,
    // TypeORM qualifies its own queries with `schema`; search_path does the same for our raw SQL.
    extra: schema ? { options: `-c search_path=${schema}` } : undefined,
  }));
}

/** Every string written or queried goes through ./normalise (NUL, lone surrogates, NFC) on both engines. */
function normalised(ds: DataSource): DataSource {
  installNormalisation(ds);
  return ds;
}

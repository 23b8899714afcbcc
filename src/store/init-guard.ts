/**
 * A database that disappears is an outage, not a fresh start. Opening a store never creates a new
 * empty database unless asked to (`safeguard db init`, or the demo school's first run), and never
 * where a marker says a database already existed. SQLite: a marker file beside the database, written
 * once it is initialised. PostgreSQL: the schema's migrations table (an empty schema is not ours).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { DEFAULT_DATABASE_URL, DEMO_SCHOOL_CONFIG } from '../config';

export type DatabaseProblem = 'DB_NOT_INITIALISED' | 'DB_MISSING';

/** Why the store refused to open: the message says what to do and never carries data. */
export class DatabaseNotReadyError extends Error {
  constructor(
    readonly code: DatabaseProblem,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseNotReadyError';
  }
}

/** The marker beside a SQLite file: it says a database was initialised there. */
export function markerPath(filename: string): string {
  return `${path.resolve(filename)}.initialised`;
}

/** True when the SQLite file exists and has content (a zero-byte file is what a fresh open leaves). */
export function sqliteFileExists(filename: string): boolean {
  try {
    return fs.statSync(filename).size > 0;
  } catch {
    return false;
  }
}

function markerSays(filename: string): string | null {
  try {
    return fs.readFileSync(markerPath(filename), 'utf8').trim() || 'an earlier date';
  } catch {
    return null;
  }
}

/** Throws unless a new database may be created at `filename` (SQLite): `create` and no marker of an earlier one. */
export function assertMayCreateSqlite(filename: string, create: boolean): void {
  const existed = markerSays(filename);
  if (existed !== null) {
    throw new DatabaseNotReadyError(
      'DB_MISSING',
      `The database ${filename} was initialised (${existed}) but is now missing or empty. This is an outage, not a fresh start: ` +
        `restore it from your backup. Nothing was created. (Only if you really mean to start again with no records, delete ${markerPath(filename)} and run: npx safeguard db init)`,
    );
  }
  if (!create) {
    throw new DatabaseNotReadyError(
      'DB_NOT_INITIALISED',
      `There is no database at ${filename}. For a new school run: npx safeguard db init (if the school already had one, restore it from backup).`,
    );
  }
}

/** Records that a database lives at `filename`, once (keeps the first date). */
export function writeMarker(filename: string, now: Date): void {
  const file = markerPath(filename);
  if (fs.existsSync(file)) return;
  fs.writeFileSync(file, `initialised ${now.toISOString()}\n`, { flag: 'wx' });
}

/** True when the database behind `ds` holds our migrations table (it has been initialised). */
export async function hasMigrationsTable(ds: DataSource, schema?: string): Promise<boolean> {
  if (ds.options.type === 'postgres') {
    const name = schema ? `"${schema}".migrations` : 'migrations';
    const rows: { t: string | null }[] = await ds.query('SELECT to_regclass($1)::text AS t', [name]);
    return rows[0]?.t != null;
  }
  const rows: unknown[] = await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`);
  return rows.length > 0;
}

/** Refuses to open an uninitialised PostgreSQL schema unless creating. */
export function assertMayCreatePostgres(schema: string | undefined, create: boolean): void {
  if (create) return;
  throw new DatabaseNotReadyError(
    'DB_NOT_INITIALISED',
    `The PostgreSQL ${schema ? `schema "${schema}"` : 'database'} has no Safeguard tables. For a new school run: npx safeguard db init ` +
      '(if the school already had a database here, this is an outage: restore it from backup).',
  );
}

/**
 * The demo school on its default SQLite file may create its database on the very first run, so the
 * README's quick start is one command. Everything else needs `safeguard db init`.
 */
export function demoMayInitialise(config: Pick<Config, 'DATABASE_URL' | 'SCHOOL_CONFIG' | 'SCHOOLS_DIR'>): boolean {
  // A trust's schools (SCHOOLS_DIR) are never the demo: each database is created with `safeguard db init`.
  return !config.SCHOOLS_DIR && config.DATABASE_URL === DEFAULT_DATABASE_URL && path.resolve(config.SCHOOL_CONFIG) === path.resolve(DEMO_SCHOOL_CONFIG);
}

/** Finding the test PostgreSQL server, and skipping or failing when it is not there. */
import { DataSource } from 'typeorm';

/** The server PostgreSQL tests use. */
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable TEST_DATABASE_URL)';
  }
}

/** Runs `fn` on a plain connection to `url` (no schema, no migrations): for housekeeping. */
async function withAdmin<T>(fn: (ds: DataSource) => Promise<T>, url = PG_URL): Promise<T> {
  const ds = new DataSource({ type: 'postgres', url, connectTimeoutMS: 3000, poolSize: 1 });
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

/** Why PostgreSQL at `url` cannot be used, or null when it answers. */
export async function unreachableReason(url = PG_URL): Promise<string | null> {
  try {
    await withAdmin((ds) => ds.query('SELECT 1'), url);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message || err.name : String(err);
  }
}

/**
 * For a mocha before() hook: returns normally when PostgreSQL answers. Otherwise fails the suite
 * when REQUIRE_POSTGRES=1, or skips it with a message saying how to run it.
 */
export async function requirePostgresOrSkip(ctx: Mocha.Context, what: string): Promise<void> {
  const reason = await unreachableReason();
  if (reason === null) return;
  if (process.env.REQUIRE_POSTGRES === '1')
    throw new Error(`${what}: PostgreSQL is required (REQUIRE_POSTGRES=1) but ${redact(PG_URL)} is unreachable: ${reason}`);
  console.warn(
    `  ${what}: PostgreSQL tests skipped — ${redact(PG_URL)} is unreachable (${reason}). ` +
      'Start PostgreSQL there or set TEST_DATABASE_URL; set REQUIRE_POSTGRES=1 to make this a failure.',
  );
  ctx.skip();
}

/** Runs one housekeeping statement (e.g. dropping a test schema) on its own connection. */
export async function pgAdmin(sql: string, url = PG_URL): Promise<void> {
  await withAdmin((ds) => ds.query(sql), url);
}

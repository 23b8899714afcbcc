/**
 * Dropping the PostgreSQL schema a test created, loudly: a cleanup that cannot drop it fails the
 * hook, and a schema that is not there (a wrong name, a test that never created it) is an error
 * too, so leftover schemas cannot pile up on the CI server unnoticed.
 */
import pg from 'pg';

const NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** Drops `schema` (which the caller created) and everything in it, on its own connection to `url`. */
export async function dropCreatedSchema(schema: string, url: string): Promise<void> {
  if (!NAME.test(schema)) throw new Error(`dropCreatedSchema: ${JSON.stringify(schema)} is not a schema name a test makes`);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    // No IF EXISTS: the schema was created, so its absence means the cleanup is aimed at the wrong thing.
    await client.query(`DROP SCHEMA "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** `safeguard db init`: the one way to create a new school's database (the server never starts on a new empty one). */
import { loadConfig } from './config';
import { DatabaseNotReadyError, openStore, parseDatabaseUrl } from './store';
import type { CliIo, Command } from './cli';
import { loadSchools, oneSchool } from './host/schools';
import { schoolOption } from './cli-duties';

/** The database named without its password, for messages. */
export function describeDatabase(url: string): string {
  const t = parseDatabaseUrl(url);
  if (t.engine === 'sqlite') return `SQLite file ${t.filename}`;
  const u = new URL(t.url);
  return `PostgreSQL ${u.host}${u.pathname}${t.schema ? `, schema ${t.schema}` : ''}`;
}

/** `safeguard db init`. */
export const dbInit: Command = {
  usage: 'safeguard db init [--school <id>]',
  summary: "Create a new school's database at DATABASE_URL (or bring an existing one's schema up to date); with SCHOOLS_DIR, every school's (or --school's). Refuses where a database existed and is now missing.",
  options: { school: { type: 'string' } },
  async run({ io, env }, { values }) {
    const config = loadConfig(env);
    // With SCHOOLS_DIR each school has its own schema or file: all of them, or the one --school names.
    const id = schoolOption(values);
    const urls = !config.SCHOOLS_DIR
      ? [{ label: '', url: config.DATABASE_URL }]
      : (id === undefined ? loadSchools(config) : [oneSchool(config, id)]).map((e) => ({ label: `[${e.id}] `, url: e.databaseUrl }));
    let rc = 0;
    for (const { label, url } of urls) rc = Math.max(rc, await initOne(io, label, url));
    return rc;
  },
};

/** Creates (or brings up to date) one database; 0 when it can be written. */
async function initOne(io: CliIo, label: string, url: string): Promise<number> {
  const where = describeDatabase(url);
  let store;
  try {
    store = await openStore(url, { create: true });
  } catch (e) {
    if (!(e instanceof DatabaseNotReadyError)) throw e;
    io.err(`${label}${e.message}`);
    return 1;
  }
  try {
    const ok = await store.checkWritable();
    if (!ok.ok) {
      io.err(`${label}The database (${where}) opened but cannot be written (${ok.code}).`);
      return 1;
    }
    io.out(`${label}${store.createdNow ? `Created a new, empty database: ${where}. Start the bot with: npm start` : `The database already exists (${where}); its schema is up to date. Nothing else was changed.`}`);
    return 0;
  } finally {
    await store.close();
  }
}

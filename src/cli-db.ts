/** `safeguard db init`: the one way to create a new school's database (the server never starts on a new empty one). */
import { loadConfig } from './config';
import { DatabaseNotReadyError, openStore, parseDatabaseUrl } from './store';
import type { Command } from './cli';

/** The database named without its password, for messages. */
function describeDatabase(url: string): string {
  const t = parseDatabaseUrl(url);
  if (t.engine === 'sqlite') return `SQLite file ${t.filename}`;
  const u = new URL(t.url);
  return `PostgreSQL ${u.host}${u.pathname}${t.schema ? `, schema ${t.schema}` : ''}`;
}

/** `safeguard db init`. */
export const dbInit: Command = {
  usage: 'safeguard db init',
  summary: "Create a new school's database at DATABASE_URL (or bring an existing one's schema up to date). Refuses where a database existed and is now missing.",
  async run({ io, env }) {
    const config = loadConfig(env);
    const where = describeDatabase(config.DATABASE_URL);
    let store;
    try {
      store = await openStore(config.DATABASE_URL, { create: true });
    } catch (e) {
      if (!(e instanceof DatabaseNotReadyError)) throw e;
      io.err(e.message);
      return 1;
    }
    try {
      const ok = await store.checkWritable();
      if (!ok.ok) {
        io.err(`The database (${where}) opened but cannot be written (${ok.code}).`);
        return 1;
      }
      io.out(store.createdNow ? `Created a new, empty database: ${where}. Start the bot with: npm start` : `The database already exists (${where}); its schema is up to date. Nothing else was changed.`);
      return 0;
    } finally {
      await store.close();
    }
  },
};

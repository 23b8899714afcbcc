import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource, openStore, parseDatabaseUrl } from '../../src/store';
import { newIncident } from './support/fixtures';

describe('store: DATABASE_URL and data source', function () {
  it('reads SQLite file, in-memory and PostgreSQL URLs', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:./data/safeguard.sqlite'), { engine: 'sqlite', filename: './data/safeguard.sqlite' });
    assert.deepEqual(parseDatabaseUrl('sqlite:///var/lib/bot/db.sqlite'), { engine: 'sqlite', filename: '/var/lib/bot/db.sqlite' });
    assert.deepEqual(parseDatabaseUrl('sqlite::memory:'), { engine: 'sqlite', filename: ':memory:' });
    assert.deepEqual(parseDatabaseUrl('postgres://u:p@db:5432/bot'), { engine: 'postgres', url: 'postgres://u:p@db:5432/bot', schema: undefined });
    assert.deepEqual(parseDatabaseUrl('postgresql://db/bot'), { engine: 'postgres', url: 'postgresql://db/bot', schema: undefined });
  });

  it('takes a PostgreSQL schema from ?schema= and keeps the rest of the URL', () => {
    assert.deepEqual(parseDatabaseUrl('postgres://u:p@db:5432/bot?schema=school_a&sslmode=require'), { engine: 'postgres', url: 'postgres://u:p@db:5432/bot?sslmode=require', schema: 'school_a' });
    assert.throws(() => parseDatabaseUrl('postgres://db/bot?schema=a;drop'), /invalid PostgreSQL schema name/);
  });

  it('refuses a URL of another database, an empty SQLite path, and a schema for SQLite', () => {
    assert.throws(() => parseDatabaseUrl('mysql://db/bot'), /sqlite: or postgres:\/\//);
    assert.throws(() => parseDatabaseUrl('sqlite:'), /file path or :memory:/);
    assert.throws(() => createDataSource('sqlite::memory:', { schema: 'x' }), /PostgreSQL only/);
  });

  it('refuses a PostgreSQL schema name that would need quoting', () => {
    for (const bad of ['', 'a-b', 'x"; DROP TABLE incidents; --', '1abc', 'a'.repeat(64)])
      assert.throws(() => createDataSource('postgres://db/bot', { schema: bad }), /invalid PostgreSQL schema name/);
    assert.doesNotThrow(() => createDataSource('postgres://db/bot', { schema: 'Store_test_1' }));
  });

  it('never synchronizes the schema from entities nor migrates on initialise', () => {
    for (const url of ['sqlite::memory:', 'postgres://db/bot']) {
      const ds = createDataSource(url);
      assert.equal(ds.options.synchronize, false);
      assert.equal(ds.options.migrationsRun, false);
    }
  });

  it('creates the missing directory of a SQLite file and opens a working store there', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-ds-'));
    try {
      const file = path.join(dir, 'nested', 'deeper', 'bot.sqlite');
      const store = await openStore(`sqlite:${file}`, { create: true });
      try {
        assert.ok(fs.existsSync(file));
        assert.equal((await store.incidents.create(newIncident(), 'OS', 2026)).reference, 'OS-2026-0001');
      } finally {
        await store.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens a working in-memory SQLite store from sqlite::memory:', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      assert.equal(await store.ping(), true);
      const incident = await store.incidents.create(newIncident(), 'OS', 2026);
      assert.deepEqual(await store.incidents.get(incident.id), incident);
    } finally {
      await store.close();
    }
  });
});

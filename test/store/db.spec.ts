import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sinon from 'sinon';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/store';
import { exec, rootDb, type RootDb } from '../../src/store/db';
import { useWalDurability } from '../../src/store/sqlite-runner';

describe('store on SQLite: transactions that arrive together share one commit', function () {
  let dir: string;
  let ds: DataSource;
  let db: RootDb;
  const rows = async () => (await ds.query('SELECT k FROM notes ORDER BY k')).map((r: { k: string }) => r.k);
  const insert = (k: string) => db.transaction((tx) => tx.run((em) => exec(em, 'INSERT INTO notes (k) VALUES (:k)', { k })));
  /** Watches the SQL reaching node-sqlite3's connection; `fail` answers a statement with an error instead. */
  function watchConnection(fail: (sql: string) => Error | null = () => null): { commits: () => number } {
    const conn = (ds.driver as unknown as { databaseConnection: Record<'run' | 'all', (...a: unknown[]) => unknown> }).databaseConnection;
    let commits = 0;
    for (const method of ['run', 'all'] as const) {
      const original = conn[method].bind(conn);
      sinon.stub(conn, method).callsFake((sql: unknown, ...rest: unknown[]) => {
        if (/^\s*COMMIT/i.test(String(sql))) commits++;
        const err = fail(String(sql));
        const cb = rest.at(-1);
        if (err && typeof cb === 'function') return void setImmediate(() => (cb as (e: Error) => void)(err));
        return original(sql, ...rest);
      });
    }
    return { commits: () => commits };
  }

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-group-'));
    ds = createDataSource(`sqlite:${path.join(dir, 'school.sqlite')}`);
    await ds.initialize();
    await useWalDurability(ds);
    await ds.query('CREATE TABLE notes (k TEXT PRIMARY KEY)');
    db = rootDb(ds, 'sqlite');
  });
  afterEach(async () => {
    sinon.restore();
    await ds.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('saves twenty reports sent at once with far fewer than twenty disk flushes', async () => {
    const watch = watchConnection();
    const keys = Array.from({ length: 20 }, (_, i) => `OS-2026-${String(i + 1).padStart(4, '0')}`);
    await Promise.all(keys.map(insert));
    assert.deepEqual(await rows(), keys);
    assert.ok(watch.commits() >= 1 && watch.commits() <= 3, `${watch.commits()} commits for 20 transactions`);
  });

  it('fails only the transaction that failed: the others sent with it are kept', async () => {
    const results = await Promise.allSettled([
      insert('OS-2026-0001'),
      db.transaction(async (tx) => {
        await tx.run((em) => exec(em, "INSERT INTO notes (k) VALUES ('half-written')"));
        throw new Error('the card could not be rendered');
      }),
      insert('OS-2026-0001'), // a duplicate key: refused by the database
      insert('OS-2026-0002'),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    assert.match(String((results[1] as PromiseRejectedResult).reason), /could not be rendered/);
    assert.match(String((results[2] as PromiseRejectedResult).reason), /UNIQUE/);
    assert.deepEqual(await rows(), ['OS-2026-0001', 'OS-2026-0002'], 'nothing of the failed ones is left');
  });

  it('answers no transaction before the commit that saves it, and tells every one when that commit fails', async () => {
    let failCommit = false;
    watchConnection((sql) => (failCommit && /^\s*COMMIT/i.test(sql) ? new Error('SQLITE_FULL: database or disk is full') : null));
    // The first holds the lock while the next three queue up behind it as one group.
    let release!: () => void;
    const first = db.transaction(async (tx) => {
      await new Promise<void>((r) => (release = r));
      await tx.run((em) => exec(em, "INSERT INTO notes (k) VALUES ('first')"));
    });
    await new Promise((r) => setTimeout(r, 10));
    const group = ['a', 'b', 'c'].map(insert);
    await new Promise((r) => setTimeout(r, 10));
    failCommit = true;
    release();
    const settled = await Promise.allSettled([first, ...group]);
    assert.deepEqual(settled.map((s) => s.status), ['rejected', 'rejected', 'rejected', 'rejected'], 'the disk refused the commit: nobody is told it was saved');
    failCommit = false;
    await ds.query('ROLLBACK').catch(() => undefined);
    assert.deepEqual(await rows(), []);
  });

  it('still refuses the store being used inside its own transaction', async () => {
    await assert.rejects(db.transaction(() => db.run(async () => 1)), /use the repositories passed to fn/);
    await assert.rejects(db.transaction(() => db.transaction(async () => 1)), /use the repositories passed to fn/);
  });
});

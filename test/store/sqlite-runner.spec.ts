import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource, openStore } from '../../src/store';
import { exec } from '../../src/store/db';
import { useWalDurability } from '../../src/store/sqlite-runner';
import { StaffEntity } from '../../src/store/entities-duties';
import type { StaffRecord } from '../../src/core/duties/model';
import { T0 } from './support/fixtures';

const person = (email: string): StaffRecord => ({ email, name: 'Staff', role: 'staff', startDate: null, source: 'roster', createdAt: T0, updatedAt: T0 });

describe('store on SQLite: the query runner', function () {
  describe('raw writes', function () {
    let ds: DataSource;
    beforeEach(async () => {
      ds = createDataSource('sqlite::memory:');
      await ds.initialize();
      await ds.query('CREATE TABLE counters (k TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    });
    afterEach(() => ds.destroy());

    it('returns the rows an INSERT … RETURNING wrote, and counts them', async () => {
      const r = await exec<{ k: string; n: number }>(ds.manager, "INSERT INTO counters (k, n) VALUES ('a', 1), ('b', 2) RETURNING k, n");
      assert.deepEqual(r, { rows: [{ k: 'a', n: 1 }, { k: 'b', n: 2 }], affected: 2 });
    });

    it('returns the value an upsert … RETURNING left, so a counter can be read as it is bumped', async () => {
      const bump = "INSERT INTO counters (k, n) VALUES ('a', 1) ON CONFLICT (k) DO UPDATE SET n = counters.n + 1 RETURNING n";
      await exec(ds.manager, bump);
      assert.deepEqual((await exec(ds.manager, bump)).rows, [{ n: 2 }]);
    });

    it('counts the rows a write changed however its SQL is spelt (indented, lower case)', async () => {
      await exec(ds.manager, "INSERT INTO counters (k, n) VALUES ('a', 1), ('b', 1), ('c', 5)");
      assert.equal((await exec(ds.manager, '\n  update counters set n = n + 1 where n = 1')).affected, 2);
      assert.equal((await exec(ds.manager, 'delete from counters where n > 1')).affected, 3);
      assert.equal((await exec(ds.manager, "UPDATE counters SET n = 0 WHERE k = 'gone'")).affected, 0);
    });

    it('refuses a find whose criterion is undefined instead of matching every row', async () => {
      const store = await openStore('sqlite::memory:');
      try {
        await store.staff.addIfMissing(person('a@school.test'));
        const manager = (store as unknown as { dataSource: DataSource }).dataSource.manager;
        await assert.rejects(manager.getRepository(StaffEntity).findOneBy({ email: undefined }), /undefined value/i);
      } finally {
        await store.close();
      }
    });
  });

  describe('two processes on one file', function () {
    let dir = '';
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-runner-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('runs two connections’ read-then-write transactions one after the other instead of failing one as busy', async () => {
      const url = `sqlite:${path.join(dir, 'two.sqlite')}`;
      const first = await openStore(url, { create: true });
      const second = await openStore(url);
      try {
        const order: string[] = [];
        let firstHasRead: () => void = () => undefined;
        const read = new Promise<void>((resolve) => (firstHasRead = resolve));
        const a = first.transaction(async (repos) => {
          await repos.staff.list();
          firstHasRead();
          // Time for the second transaction to begin: with a deferred BEGIN it would read now and be refused when it writes.
          await new Promise((r) => setTimeout(r, 300));
          await repos.staff.addIfMissing(person('first@school.test'));
          order.push('first committed');
        });
        await read;
        const b = second.transaction(async (repos) => {
          order.push('second began');
          await repos.staff.list();
          await repos.staff.addIfMissing(person('second@school.test'));
        });
        await Promise.all([a, b]);
        assert.deepEqual(order, ['first committed', 'second began']);
        assert.deepEqual((await first.staff.list()).map((s) => s.email), ['first@school.test', 'second@school.test']);
      } finally {
        await second.close();
        await first.close();
      }
    });
  });

  describe('durability', function () {
    let dir: string;
    let ds: DataSource;
    const level = async (q: (sql: string) => Promise<Array<{ synchronous: number }>>) => (await q('PRAGMA synchronous'))[0].synchronous;
    beforeEach(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-sync-'));
      ds = createDataSource(`sqlite:${path.join(dir, 'school.sqlite')}`);
      await ds.initialize();
      await useWalDurability(ds);
    });
    afterEach(async () => {
      await ds.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('flushes every transaction to disk as it commits, and skips the flush for a single statement', async () => {
      // SQLite: 1 = NORMAL (no flush at commit in WAL mode), 2 = FULL (flushed before COMMIT returns).
      assert.equal(await level((sql) => ds.query(sql)), 1);
      assert.equal(await ds.transaction((em) => level((sql) => em.query(sql))), 2);
      assert.equal(await level((sql) => ds.query(sql)), 1);
    });

    it('goes back to the cheap setting after a transaction that failed and rolled back', async () => {
      await assert.rejects(ds.transaction(async () => {
        throw new Error('boom');
      }));
      assert.equal(await level((sql) => ds.query(sql)), 1);
      assert.equal(await ds.transaction((em) => level((sql) => em.query(sql))), 2);
    });

    it('leaves an in-memory database alone: it has no disk to flush', async () => {
      const mem = createDataSource('sqlite::memory:');
      await mem.initialize();
      await useWalDurability(mem);
      assert.equal(await level((sql) => mem.query(sql)), 2, 'SQLite\'s default, FULL, is kept');
      await mem.destroy();
    });
  });
});

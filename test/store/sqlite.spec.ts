import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource, openStore } from '../../src/store';
import { newIncident, newMessage, T0 } from './support/fixtures';

describe('store on SQLite: connection settings and the single-connection lock', function () {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-sqlite-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('turns on WAL, foreign keys and a busy timeout for a database file', async () => {
    const ds = createDataSource(`sqlite:${path.join(dir, 'pragmas.sqlite')}`);
    await ds.initialize();
    try {
      assert.deepEqual(await ds.query('PRAGMA journal_mode'), [{ journal_mode: 'wal' }]);
      assert.deepEqual(await ds.query('PRAGMA foreign_keys'), [{ foreign_keys: 1 }]);
      assert.deepEqual(await ds.query('PRAGMA busy_timeout'), [{ timeout: 5000 }]);
    } finally {
      await ds.destroy();
    }
  });

  it('enforces foreign keys: an event for an unknown incident is refused', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      await assert.rejects(store.events.add({ incidentId: 'missing', at: T0, actorEmail: null, type: 'x', data: {} }), /FOREIGN KEY/);
    } finally {
      await store.close();
    }
  });

  it('refuses, rather than deadlocking on, the store itself being used inside its own transaction', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      await assert.rejects(
        store.transaction(async () => store.incidents.create(newIncident(), 'OS', 2026)),
        /inside transaction\(fn\) use the repositories passed to fn/,
      );
      assert.equal(await store.outbox.enqueue(newMessage('after'), T0), true, 'the store still works afterwards');
    } finally {
      await store.close();
    }
  });

  it('keeps plain writes made during a transaction out of it, so its rollback does not undo them', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const tx = store.transaction(async (repos) => {
        await repos.outbox.enqueue(newMessage('inside'), T0);
        await gate;
        throw new Error('roll back');
      });
      const outside = store.outbox.enqueue(newMessage('outside'), T0);
      release();
      await assert.rejects(tx, /roll back/);
      assert.equal(await outside, true);
      const claimed = await store.outbox.claimDue(T0, 'w', 1000, 10);
      assert.deepEqual(claimed.map((m) => m.dedupeKey), ['outside']);
    } finally {
      await store.close();
    }
  });
});

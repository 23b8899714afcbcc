import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { DataSource } from 'typeorm';
import { openStore } from '../../src/store';
import type { Store } from '../../src/core/ports';
import { MIGRATIONS } from '../../src/store/migrations';
import { DraftAlerts1767571600000 } from '../../src/store/migrations/1767571600000-draft-alerts';

/** How many migrations to undo to be just before this one (later migrations come off first). */
const BACK = MIGRATIONS.length - MIGRATIONS.indexOf(DraftAlerts1767571600000);

const PG = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

for (const engine of ['SQLite', 'PostgreSQL'] as const) {
  describe(`store: the draft-alerts migration (${engine})`, function () {
    const schema = `migr_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
    const file = `/tmp/${schema}.sqlite`;
    let store: Store;
    beforeEach(async function () {
      try {
        store = engine === 'SQLite' ? await openStore(`sqlite:${file}`, { create: true }) : await openStore(PG, { schema, create: true });
      } catch (err) {
        if (engine === 'PostgreSQL' && process.env.REQUIRE_POSTGRES !== '1') this.skip();
        throw err;
      }
    });
    afterEach(async () => {
      if (!store) return;
      const ds = (store as unknown as { dataSource: DataSource }).dataSource;
      if (engine === 'PostgreSQL') await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await store.close();
      for (const suffix of ['', '-wal', '-shm', '.initialised']) fs.rmSync(file + suffix, { force: true });
    });

    it('flags drafts already open with "immediate danger: yes" when it runs, so none is purged unannounced, and undoes cleanly', async () => {
      const ds = (store as unknown as { dataSource: DataSource }).dataSource;
      for (let i = 0; i < BACK; i++) await ds.undoLastMigration({ transaction: 'each' });
      const insert = (id: string, user: string, answers: string) =>
        ds.query(
          `INSERT INTO drafts ("id", "platform", "platform_user_id", "reporter_email", "category", "step", "answers", "status", "open_key", "incident_id", "created_at", "updated_at", "expires_at") VALUES ('${id}', 'teams', '${user}', 'tom@school.test', 'pupil', 'pupil_people', '${answers}', 'open', 'teams:${user}', NULL, 1000, 1000, 99999999999999)`,
        );
      await insert('00000000-0000-4000-8000-000000000001', 'u1', '{"category":"pupil","immediate_danger":"yes"}');
      await insert('00000000-0000-4000-8000-000000000002', 'u2', '{"category":"pupil","immediate_danger":"no"}');
      await ds.runMigrations({ transaction: 'each' });
      const due = await store.drafts.listUrgentIdle('dangerAlertedAt', new Date(5000), new Date(5000), 10);
      assert.deepEqual(due.map((d) => d.id), ['00000000-0000-4000-8000-000000000001']);
      for (let i = 0; i < BACK; i++) await ds.undoLastMigration({ transaction: 'each' });
      await ds.runMigrations({ transaction: 'each' });
    });
  });
}

import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { DataSource } from 'typeorm';
import { openStore } from '../../src/store';
import type { Store } from '../../src/core/ports';
import { MIGRATIONS } from '../../src/store/migrations';
import { PupilLinks1767574700000 } from '../../src/store/migrations/1767574700000-pupil-links';
import { newIncident, T0 } from './support/fixtures';

/** How many migrations to undo to be just before this one (later migrations come off first). */
const BACK = MIGRATIONS.length - MIGRATIONS.indexOf(PupilLinks1767574700000);

const PG = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

for (const engine of ['SQLite', 'PostgreSQL'] as const) {
  describe(`store: the pupil-links migration (${engine})`, function () {
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

    it('carries the pupils chosen on reports made before it into each child’s record, with the part given, and undoes cleanly', async () => {
      const ds = (store as unknown as { dataSource: DataSource }).dataSource;
      for (let i = 0; i < BACK; i++) await ds.undoLastMigration({ transaction: 'each' });
      const chosen = await store.incidents.create(
        newIncident({ answers: { person1_pupil: 'P-100', person1_name: 'Sam Carter', person1_part: 'target', person2_name: 'Mrs Carter', person2_group: 'staff', person2_part: 'witness', person3_pupil: 'P-200', person3_part: 'made up' } }),
        'OS',
        2026,
      );
      await store.incidents.create(newIncident({ answers: { person1_name: 'Jay', person1_part: 'target' } }), 'OS', 2026);
      await ds.runMigrations({ transaction: 'each' });
      assert.deepEqual(
        (await store.pupilLinks.listByIncident(chosen.id)).map((l) => [l.row, l.misId, l.part, l.linkedBy, l.linkedAt.getTime()]),
        [
          [1, 'P-100', 'target', null, T0.getTime()],
          [3, 'P-200', null, null, T0.getTime()],
        ],
      );
      assert.equal((await store.pupilLinks.listByPupil('P-100')).length, 1);
      for (let i = 0; i < BACK; i++) await ds.undoLastMigration({ transaction: 'each' });
      await ds.runMigrations({ transaction: 'each' });
    });
  });
}

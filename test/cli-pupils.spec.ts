/** `safeguard pupils import <dir>` through the CLI: what an IT admin sees, and what the school's database holds after. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMain } from './helpers/cli';
import { openStore } from '../src/store';
import type { Pupil } from '../src/core/pupils/model';
import { misFiles, pupilId, writeMisFiles } from './helpers/mis-files';
import { writeTrust } from './helpers/trust';
import { FakeGraph } from './helpers/fake-graph';

const DEMO_PATH = path.join(__dirname, '..', 'config', 'demo-school.yaml');

describe('cli: safeguard pupils import', function () {
  this.timeout(30_000);
  let dir = '';
  let env: Record<string, string> = {};
  let n = 0;

  const run = (argv: string[]) => runMain(argv, env);
  async function pupils(url = env.DATABASE_URL!): Promise<Pupil[]> {
    const store = await openStore(url);
    try {
      return await store.pupils.list();
    } finally {
      await store.close();
    }
  }
  const folder = (files: Record<string, string>) => writeMisFiles(path.join(dir, `export-${++n}`), files);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-pupils-'));
    env = { DATABASE_URL: `sqlite:${path.join(dir, 'school.sqlite')}`, SCHOOL_CONFIG: DEMO_PATH, LOG_LEVEL: 'silent' };
    assert.equal((await run(['db', 'init'])).code, 0);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("imports a School Data Sync export of 2,000 pupils and says what it did", async () => {
    const r = await run(['pupils', 'import', folder(misFiles('sds', 2000))]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'Imported 2,000 pupils from SDS v2.1 files: 2,000 new, 0 marked as left, 0 back on roll.');
    const stored = await pupils();
    assert.equal(stored.length, 2000);
    assert.ok(stored.some((p) => p.givenName === 'Siobhán' && p.familyName === "O'Brien" && p.form && p.yearGroup && p.birthDate));
  });

  it('keeps a pupil who is no longer in the export, marked as left, and clears the mark when they come back', async () => {
    assert.equal((await run(['pupils', 'import', folder(misFiles('oneroster', 200))])).code, 0);
    const gone = new Set([pupilId(10), pupilId(11), pupilId(12)]);
    const second = await run(['pupils', 'import', folder(misFiles('oneroster', 200, { omit: gone }))]);
    assert.equal(second.out, 'Imported 197 pupils from OneRoster 1.1 files: 0 new, 3 marked as left, 0 back on roll.');
    const stored = await pupils();
    assert.equal(stored.length, 200);
    assert.deepEqual(stored.filter((p) => p.leftOn).map((p) => p.misId).sort(), [...gone]);
    const third = await run(['pupils', 'import', folder(misFiles('oneroster', 201))]);
    assert.equal(third.out, 'Imported 201 pupils from OneRoster 1.1 files: 1 new, 0 marked as left, 3 back on roll.');
  });

  it('imports nothing from an export with problems, and lists them by file and line', async () => {
    const files = misFiles('sds', 100);
    files['roles.csv'] += 'NOBODY,S1,student,,8,true,,\n';
    const where = folder(files);
    const r = await run(['pupils', 'import', where]);
    assert.equal(r.code, 1);
    assert.equal(r.err, `${where}: 1 problem; nothing was imported.\n${where}/roles.csv line 104: userSourcedId "NOBODY" is not in users.csv`);
    assert.deepEqual(await pupils(), []);
  });

  it('says kindly when the folder is not there or is a file', async () => {
    const missing = await run(['pupils', 'import', path.join(dir, 'nope')]);
    assert.equal(missing.code, 1);
    assert.equal(missing.err, `Cannot read the folder ${path.join(dir, 'nope')}: ENOENT`);
    fs.writeFileSync(path.join(dir, 'users.csv'), 'x');
    assert.match((await run(['pupils', 'import', path.join(dir, 'users.csv')])).err, /is a file: give the folder holding your MIS's export/);
  });

  it("imports into the school named with --school only, when a trust's schools share the deployment", async () => {
    const schools = writeTrust(
      [
        { id: 'oakfield', name: 'Oakfield Primary', domain: 'oakfield.example.org', channel: '19:oak@thread.tacv2' },
        { id: 'birchwood', name: 'Birchwood Academy', domain: 'birchwood.example.org', channel: '19:birch@thread.tacv2' },
      ],
      path.join(dir, 'schools'),
    );
    env = { DATABASE_URL: `sqlite:${path.join(dir, 'trust.sqlite')}`, SCHOOLS_DIR: schools, LOG_LEVEL: 'silent' };
    assert.equal((await run(['db', 'init'])).code, 0);
    const where = folder(misFiles('sds', 30));
    assert.match((await run(['pupils', 'import', where])).err, /say which with --school <id>/);
    assert.equal((await run(['pupils', 'import', where, '--school', 'birchwood'])).code, 0);
    assert.equal((await pupils(`sqlite:${path.join(dir, 'trust.birchwood.sqlite')}`)).length, 30);
    assert.equal((await pupils(`sqlite:${path.join(dir, 'trust.oakfield.sqlite')}`)).length, 0);
  });

  it('syncs the pupils from Microsoft Graph now with pupils sync, and says what is missing when Graph is not configured', async () => {
    const unset = await run(['pupils', 'sync']);
    assert.equal(unset.code, 1);
    assert.match(unset.err, /Microsoft Graph is not configured: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET/);
    const fake = await FakeGraph.start();
    try {
      for (let i = 0; i < 30; i++) fake.educationUsers.push({ id: `aad-${i}`, givenName: 'Aoife', surname: `Ní Bhriain ${i}`, primaryRole: 'student', accountEnabled: true, student: { externalId: pupilId(i), grade: '9' } });
      const { TEAMS_APP_CATALOG_ID: _catalog, ...graphEnv } = fake.env();
      env = { ...env, ...graphEnv };
      const r = await run(['pupils', 'sync']);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, 'Synced 30 pupils from Microsoft Graph: 30 new, 0 marked as left, 0 back on roll.');
      assert.equal((await pupils()).filter((p) => p.source === 'graph' && p.yearGroup === 'Year 9').length, 30);
    } finally {
      await fake.close();
    }
  });
});

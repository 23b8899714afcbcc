/**
 * Issue #11: the school's pupils from Microsoft Graph's education API, against a fake Graph on
 * loopback (token from @azure/identity at a fake authority, paging by @odata.nextLink, 429 with
 * Retry-After), through the real store.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { loadSchool } from '../../src/core/people/load-school';
import type { CoreDeps } from '../../src/core/deps';
import { openStore, type TypeOrmStore } from '../../src/store';
import { PupilSyncError, syncPupilsFromGraph } from '../../src/host/pupil-sync';
import { FakeGraph } from '../helpers/fake-graph';
import { FakeClock } from '../helpers/clock';
import { Harness } from '../helpers/bot-harness';
import { testSchoolYamlWithPupils } from '../helpers/pupil-school';

const student = (i: number, o: Record<string, unknown> = {}) => ({
  id: `aad-${i}`,
  givenName: i % 7 === 0 ? 'Siobhán' : 'Sam',
  surname: i % 7 === 0 ? "O'Brien" : `Carter-${i}`,
  userPrincipalName: `S${i}@Pupils.School.Test`,
  primaryRole: 'student',
  accountEnabled: true,
  student: { externalId: `MIS${i}`, birthDate: '2013-04-01', grade: '8' },
  schoolIds: [i % 2 ? 'school-a' : 'school-b'],
  ...o,
});
const teacher = (i: number) => ({ id: `aad-t${i}`, givenName: 'Rachel', surname: 'Brown', userPrincipalName: `t${i}@school.test`, primaryRole: 'teacher', accountEnabled: true, student: null, schoolIds: ['school-a', 'school-b'] });

describe('host: pupils synced from Microsoft Graph', function () {
  this.timeout(20_000);
  let fake: FakeGraph;
  let dir: string;
  let store: TypeOrmStore;
  let config: Config;
  let deps: CoreDeps;
  const clock = new FakeClock();
  const waited: number[] = [];
  const sync = () => syncPupilsFromGraph(config, deps, { sleep: async (ms) => void waited.push(ms) });

  async function setUp(pupils: Record<string, unknown> = { graph_sync: true }) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pupil-sync-'));
    fs.writeFileSync(path.join(dir, 'school.yaml'), testSchoolYamlWithPupils(pupils));
    const { TEAMS_APP_CATALOG_ID: _catalog, ...graphEnv } = fake.env();
    config = loadConfig({ ...graphEnv, DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, SCHOOL_CONFIG: path.join(dir, 'school.yaml'), LOG_LEVEL: 'silent' });
    store = await openStore(config.DATABASE_URL, { create: true });
    deps = { store, school: loadSchool(config.SCHOOL_CONFIG), clock };
  }
  beforeEach(async () => {
    waited.length = 0;
    fake = await FakeGraph.start();
    fake.educationUsers.push(...Array.from({ length: 2350 }, (_, i) => student(i)), teacher(1), teacher(2));
    await setUp();
  });
  afterEach(async () => {
    await store.close();
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads every page of education users and keeps the pupils, by their MIS id, with an app-only token', async () => {
    const r = await sync();
    assert.deepEqual({ pupils: r.pupils, added: r.added, left: r.left }, { pupils: 2350, added: 2350, left: 0 });
    const pages = fake.of('GET', /^\/education\/users$/);
    assert.equal(pages.length, 24, 'followed @odata.nextLink to the last page');
    assert.ok(pages.every((c) => c.authorized));
    assert.equal(fake.tokenRequests[0]?.scope, `${new URL(fake.url).origin}/.default`);
    const p = await store.pupils.get('MIS7');
    assert.deepEqual(
      { given: p?.givenName, family: p?.familyName, upn: p?.upn, birth: p?.birthDate, year: p?.yearGroup, source: p?.source },
      { given: 'Siobhán', family: "O'Brien", upn: 's7@pupils.school.test', birth: '2013-04-01', year: 'Year 8', source: 'graph' },
    );
    assert.equal(await store.pupils.get('aad-t1'), null, 'teachers are not pupils');
  });

  it('waits out a 429 for its Retry-After and carries on from the same page', async () => {
    fake.failNext('GET', /^\/education\/users$/, { status: 429, headers: { 'retry-after': '3' }, body: { error: { code: 'TooManyRequests' } } }, 2);
    const r = await sync();
    assert.equal(r.pupils, 2350);
    assert.equal(r.throttled, 2);
    assert.deepEqual(waited, [3000, 3000]);
  });

  it('changes nothing when Graph keeps refusing, and says why', async () => {
    await sync();
    fake.educationUsers.splice(0, 10);
    fake.failNext('GET', /^\/education\/users$/, { status: 403, body: { error: { code: 'Authorization_RequestDenied' } } });
    await assert.rejects(sync(), (e: unknown) => e instanceof PupilSyncError && e.code === 'GRAPH_403_Authorization_RequestDenied' && /nothing was changed/.test(e.message));
    assert.equal((await store.pupils.list()).filter((p) => p.leftOn).length, 0);
  });

  it('marks a pupil Graph no longer lists, or whose account is disabled, as left, keeping them', async () => {
    await sync();
    fake.educationUsers.splice(fake.educationUsers.findIndex((u) => u.id === 'aad-5'), 1);
    fake.educationUsers[fake.educationUsers.findIndex((u) => u.id === 'aad-9')] = student(9, { accountEnabled: false });
    const r = await sync();
    assert.equal(r.left, 2);
    assert.equal((await store.pupils.get('MIS5'))?.leftOn, '2026-11-23');
    assert.equal((await store.pupils.get('MIS9'))?.leftOn, '2026-11-23');
    assert.equal((await store.pupils.get('MIS10'))?.leftOn, null);
    assert.equal((await store.pupils.list()).length, 2350, 'leavers are kept');
  });

  it('refuses a result that would mark most of the school as left (a wrong school id, a partial answer)', async () => {
    await sync();
    fake.educationUsers.splice(100);
    await assert.rejects(sync(), (e: unknown) => e instanceof PupilSyncError && e.code === 'PUPIL_SYNC_SUSPICIOUS');
    assert.equal((await store.pupils.list()).filter((p) => !p.leftOn).length, 2350);
  });

  it('never follows a next link off its own Graph (the token would go with it)', async () => {
    fake.failNext('GET', /^\/education\/users$/, { status: 200, body: { value: [student(1)], '@odata.nextLink': 'https://graph.attacker.example/v1.0/education/users?$skiptoken=1' } });
    await assert.rejects(sync(), (e: unknown) => e instanceof PupilSyncError && e.code === 'GRAPH_NEXT_LINK_FOREIGN');
    assert.deepEqual(await store.pupils.list(), []);
  });

  it("reads only one school's pupils when the school file names its Graph school (a trust's tenant)", async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await setUp({ graph_sync: true, graph_school_id: 'school-a' });
    const r = await sync();
    assert.equal(r.pupils, 1175);
    assert.equal(fake.of('GET', /^\/education\/schools\/school-a\/users$/).length, 12);
  });

  it('keeps the form and preferred name a file import gave when Graph (which has neither) syncs the pupil', async () => {
    await store.pupils.applyImport('file-1', 'sds-v2.1', [{ misId: 'MIS3', upn: null, givenName: 'Sam', familyName: 'Carter-3', preferredName: 'Sammy', birthDate: null, yearGroup: 'Year 8', form: '8RB', leftOn: null }], '2026-12-01', new Date());
    await sync();
    const p = await store.pupils.get('MIS3');
    assert.deepEqual([p?.form, p?.preferredName, p?.source], ['8RB', 'Sammy', 'graph']);
  });
});

describe('host: the server syncs pupils from Graph once a day', function () {
  this.timeout(30_000);
  let fake: FakeGraph;
  let h: Harness;
  beforeEach(async () => {
    fake = await FakeGraph.start();
    fake.educationUsers.push(...Array.from({ length: 120 }, (_, i) => student(i)));
    const { TEAMS_APP_CATALOG_ID: _catalog, ...graphEnv } = fake.env();
    h = await Harness.start(graphEnv, { school: (y) => `${y}pupils:\n  graph_sync: true\n` });
  });
  afterEach(async () => {
    await h.close();
    await fake.close();
  });

  it('syncs in the background on start, not again the same day, and again the next day', async () => {
    await h.deliver();
    assert.equal((await h.app.deps.store.pupils.list()).length, 120);
    const pages = () => fake.of('GET', /^\/education\/users$/).length;
    assert.equal(pages(), 2);
    await h.deliver();
    assert.equal(pages(), 2, 'once a day');
    fake.educationUsers.push(student(500));
    h.clock.advance(24 * 60 * 60_000);
    await h.deliver();
    assert.equal(pages(), 4);
    assert.ok(await h.app.deps.store.pupils.get('MIS500'));
  });
});

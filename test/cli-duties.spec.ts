/** `safeguard staff import` through the CLI: what an administrator sees, and what the database holds after. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMain } from './helpers/cli';
import { addDays, localDate } from '../src/core/duties/dates';
import { openStore } from '../src/store';
import { STAFF_HEADER, staffCsv } from './helpers/staff-csv';
import { writeTrust } from './helpers/trust';

const DEMO_PATH = path.join(__dirname, '..', 'config', 'demo-school.yaml');

describe('cli: safeguard staff import', function () {
  let dir = '';
  let env: Record<string, string> = {};
  let n = 0;

  const run = (argv: string[]) => runMain(argv, env);

  const csv = (text: string | Buffer) => {
    const file = path.join(dir, `staff-${++n}.csv`);
    fs.writeFileSync(file, text);
    return file;
  };

  async function staffCount(): Promise<number> {
    const store = await openStore(env.DATABASE_URL!);
    try {
      return (await store.staff.list()).length;
    } finally {
      await store.close();
    }
  }

  // The CLI runs on the system clock, in the school's time zone (the demo school: Europe/London).
  const today = () => localDate(new Date(), 'Europe/London');

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-import-'));
    env = { DATABASE_URL: `sqlite:${path.join(dir, 'school.sqlite')}`, SCHOOL_CONFIG: DEMO_PATH, LOG_LEVEL: 'silent' };
    assert.equal((await run(['db', 'init'])).code, 0);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports a valid file and says how many staff, training records, signatures and leavers it recorded', async () => {
    const r = await run(['staff', 'import', csv(staffCsv(200))]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'Imported 200 staff, 67 training records and 40 AUA signatures; 2 marked as left (their reminders stop).');
    assert.equal(await staffCount(), 200);
  });

  it('refuses a training date of tomorrow and an AUA date in 2099 by line and column, and imports nothing', async () => {
    const tomorrow = addDays(today(), 1);
    const file = csv([STAFF_HEADER, 'ok@demo.school,Ok,staff,,,,', `jo@demo.school,Jo,staff,,${tomorrow},2099-01-01,`].join('\n'));
    const r = await run(['staff', 'import', file]);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.equal(
      r.err,
      [
        `${file}: 2 problems; nothing was imported.`,
        `${file}:3: last_training_date ${tomorrow} is in the future (today is ${today()}): give the date it was done`,
        `${file}:3: last_aua_date 2099-01-01 is in the future (today is ${today()}): give the date it was done`,
      ].join('\n'),
    );
    assert.equal(await staffCount(), 0);
  });

  it('refuses control characters and text-direction overrides without printing them, and an over-long name and a 30 February', async () => {
    const file = csv([STAFF_HEADER, 'a@demo.school,"Ann \u001b[2JSmith",staff,,,,', 'b@demo.school,Bob \u202Eevil,staff,,,,', `c@demo.school,${'C'.repeat(201)},staff,,,,`, 'd@demo.school,Dee,staff,2026-02-30,,,'].join('\r\n'));
    const r = await run(['staff', 'import', file]);
    assert.equal(r.code, 1);
    assert.match(r.err, /:2: name contains a control character \(U\+001B\); remove it/);
    assert.match(r.err, /:3: name contains a text-direction override \(U\+202E\)/);
    assert.match(r.err, /:4: name is 201 characters long; at most 200 are accepted/);
    assert.match(r.err, /:5: start_date "2026-02-30" must be a date written YYYY-MM-DD/);
    // eslint-disable-next-line no-control-regex -- the point: nothing that could drive the terminal is echoed
    assert.doesNotMatch(r.err, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|Ann|Bob|CCCC/);
    assert.equal(await staffCount(), 0);
  });

  it('refuses a 100,000-row file whose line 99,999 is wrong, changing nothing, then imports it once corrected', async function () {
    this.timeout(120_000);
    const bad = await run(['staff', 'import', csv(staffCsv(100_000, { badAtLine: 99_999 }))]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /: 1 problem; nothing was imported\.\n.*:99999: last_training_date 2999-01-01 is in the future/);
    assert.equal(await staffCount(), 0);
    const good = await run(['staff', 'import', csv(staffCsv(100_000))]);
    assert.equal(good.code, 0, good.err);
    assert.match(good.out, /^Imported 100000 staff, 33334 training records and 20000 AUA signatures; 1000 marked as left/);
    assert.equal(await staffCount(), 100_000);
  });

  it('prints the first hundred problems of a file full of them, and says how many more', async () => {
    const file = csv([STAFF_HEADER, ...Array.from({ length: 150 }, (_, i) => `bad${i},X,staff,,,,`)].join('\n'));
    const r = await run(['staff', 'import', file]);
    assert.equal(r.code, 1);
    const lines = r.err.split('\n');
    assert.equal(lines[0], `${file}: 150 problems; nothing was imported.`);
    assert.equal(lines.length, 102);
    assert.equal(lines.at(-1), '…and 50 more.');
  });

  for (const [what, content, expected] of [
    ['an empty file', '', /:1: the header must be exactly email,name,role/],
    ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), /:1: /],
    ['an unclosed quote', `${STAFF_HEADER}\na@demo.school,"Ann,staff,,,,\n`, /:2: a quoted field is not closed/],
    ['a spreadsheet saved as Windows-1252', Buffer.from(`${STAFF_HEADER}\na@demo.school,Zo\xeb,staff,,,,\n`, 'latin1'), /:2: name is not UTF-8 text: save the file as "CSV UTF-8"/],
  ] as const) {
    it(`answers ${what} with a clear message and exit 1, importing nothing`, async () => {
      const r = await run(['staff', 'import', csv(content)]);
      assert.equal(r.code, 1);
      assert.match(r.err, /nothing was imported/);
      assert.match(r.err, expected);
      assert.equal(await staffCount(), 0);
    });
  }

  it('refuses a file over 64 MB before reading it', async () => {
    const file = path.join(dir, 'huge.csv');
    fs.writeFileSync(file, STAFF_HEADER);
    fs.truncateSync(file, 65 * 1024 * 1024); // sparse: no 65 MB written
    const r = await run(['staff', 'import', file]);
    assert.equal(r.code, 1);
    assert.equal(r.err, `${file}: the file is 65 MB; at most 64 MB is accepted. Nothing was imported.`);
  });

  it('says the import stopped, with a code, and changes nothing when the database stays locked by another writer', async function () {
    this.timeout(30_000);
    const locker = await openStore(env.DATABASE_URL!);
    try {
      // Another process holding the write lock past SQLite's 5 s busy timeout (a stuck writer).
      await locker.transaction(async (tx) => {
        await tx.staff.addIfMissing({ email: 'held@demo.school', name: 'Held', role: 'staff', startDate: null, source: 'roster', createdAt: new Date(), updatedAt: new Date() });
        const r = await run(['staff', 'import', csv(staffCsv(20))]);
        assert.equal(r.code, 1);
        assert.match(r.err, /: the import stopped \(SQLITE_BUSY\); nothing was changed\. Run it again: a re-run adds nothing twice\.$/);
        throw new Error('roll back');
      }).catch((e: Error) => assert.equal(e.message, 'roll back'));
    } finally {
      await locker.close();
    }
    assert.equal(await staffCount(), 0);
    assert.equal((await run(['staff', 'import', csv(staffCsv(20))])).code, 0, 'once the lock is released, a re-run imports');
    assert.equal(await staffCount(), 20);
  });

  it('says it cannot read a file that is not there, with a code and no stack', async () => {
    const r = await run(['staff', 'import', path.join(dir, 'missing.csv')]);
    assert.equal(r.code, 1);
    assert.equal(r.err, `Cannot read ${path.join(dir, 'missing.csv')}: ENOENT`);
  });
});

describe('cli: commands for one school of a trust (SCHOOLS_DIR)', function () {
  let dir = '';
  let env: Record<string, string> = {};

  const run = (argv: string[]) => runMain(argv, env);
  async function staffOf(id: string): Promise<string[]> {
    const store = await openStore(`sqlite:${path.join(dir, `trust.${id}.sqlite`)}`);
    try {
      return (await store.staff.list()).map((s) => s.email);
    } finally {
      await store.close();
    }
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-trust-cli-'));
    const schools = writeTrust(
      [
        { id: 'oakfield', name: 'Oakfield Primary', domain: 'oakfield.example.org', channel: '19:oak@thread.tacv2', tenant: '11111111-0000-4000-8000-000000000001' },
        { id: 'birchwood', name: 'Birchwood Academy', domain: 'birchwood.example.org', channel: '19:birch@thread.tacv2', tenant: '22222222-0000-4000-8000-000000000002' },
      ],
      path.join(dir, 'schools'),
    );
    env = { DATABASE_URL: `sqlite:${path.join(dir, 'trust.sqlite')}`, SCHOOLS_DIR: schools, LOG_LEVEL: 'silent' };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("creates every school's own database with db init, and only the one named with --school", async () => {
    const one = await run(['db', 'init', '--school', 'birchwood']);
    assert.equal(one.code, 0, one.err);
    assert.equal(one.out, `[birchwood] Created a new, empty database: SQLite file ${path.join(dir, 'trust.birchwood.sqlite')}. Start the bot with: npm start`);
    assert.equal(fs.existsSync(path.join(dir, 'trust.oakfield.sqlite')), false);
    const all = await run(['db', 'init']);
    assert.equal(all.code, 0, all.err);
    assert.match(all.out, /\[birchwood\] The database already exists/);
    assert.match(all.out, /\[oakfield\] Created a new, empty database/);
  });

  it('imports staff into the school named with --school only, and asks which school when none is named', async () => {
    assert.equal((await run(['db', 'init'])).code, 0);
    const file = path.join(dir, 'staff.csv');
    fs.writeFileSync(file, `${STAFF_HEADER}\nnew.teacher@oakfield.example.org,New Teacher,staff,2026-09-01,,,\n`);
    const unnamed = await run(['staff', 'import', file]);
    assert.equal(unnamed.code, 1);
    assert.match(unnamed.err, /SCHOOLS_DIR serves 2 schools \(birchwood, oakfield\): say which with --school <id>/);
    const wrong = await run(['staff', 'import', file, '--school', 'elmtree']);
    assert.match(wrong.err, /No school "elmtree" here: the schools are birchwood, oakfield/);
    const r = await run(['staff', 'import', file, '--school', 'oakfield']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(await staffOf('oakfield'), ['new.teacher@oakfield.example.org']);
    assert.deepEqual(await staffOf('birchwood'), []);
  });

  it('runs the reminder sweep for the school named with --school', async () => {
    assert.equal((await run(['db', 'init'])).code, 0);
    const r = await run(['reminders', 'run', '--no-deliver', '--school', 'birchwood']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Sweep as of .*: \d+ reminders/);
    assert.match((await run(['reminders', 'run', '--no-deliver'])).err, /say which with --school <id>/);
  });
});

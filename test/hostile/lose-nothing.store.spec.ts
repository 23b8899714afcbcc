/**
 * Lose nothing, at the store: a missing or emptied database is refused, never recreated;
 * `safeguard db init` is the one way to create one; every stored string is cleaned at one boundary;
 * two starts at once open one draft. Each runs on SQLite and on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main, type CliIo } from '../../src/cli';
import { loadConfig } from '../../src/config';
import type { Store } from '../../src/core/ports';
import { createDataSource, demoMayInitialise, openStore, TypeOrmStore } from '../../src/store';
import { markerPath } from '../../src/store/init-guard';
import { normaliseText, normaliseValue } from '../../src/store/normalise';
import { newDraft, newIncident, newMessage, T0 } from '../store/support/fixtures';
import { pgAdmin, PG_URL, requirePostgresOrSkip } from '../store/support/postgres';

// "José" and "Zoë" typed with combining accents, a NUL, and a lone surrogate of each kind.
const HOSTILE = 'Mr Jose\u0301 Ferna\u0301ndez\u0000 said \uD83D to Zoe\u0308 \uDE00(Year 5)';
const CLEAN = 'Mr José Fernández said  to Zoë (Year 5)';

async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (s) => out.push(s), err: (s) => err.push(s) };
  const code = await main(argv, io, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('hostile: stored text is cleaned at one boundary', () => {
  it('strips NUL and lone surrogates and normalises to NFC, keeping emoji and real pairs', () => {
    assert.equal(normaliseText(HOSTILE), CLEAN);
    assert.equal(normaliseText('ok 🙂 日本語 ${x}'), 'ok 🙂 日本語 ${x}');
    assert.deepEqual(normaliseValue({ ['ke\u0301y\u0000']: ['a\u0000', { b: 'e\u0301' }], n: 1, d: T0 }), { ['kéy']: ['a', { b: 'é' }], n: 1, d: T0 });
  });
});

for (const engine of ['SQLite', 'PostgreSQL'] as const) {
  describe(`hostile: the store loses nothing (${engine})`, function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lose-nothing-store-'));
    const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    let n = 0;
    let url = '';
    let schema = '';
    const opened: Store[] = [];
    const open = async (create = true) => {
      const s = engine === 'SQLite' ? await openStore(url, { create }) : await openStore(PG_URL, { schema, create });
      opened.push(s);
      return s;
    };

    before(async function () {
      if (engine === 'PostgreSQL') await requirePostgresOrSkip(this, 'lose-nothing store');
    });
    beforeEach(() => {
      n += 1;
      url = `sqlite:${path.join(dir, `db-${n}`, 'safeguard.sqlite')}`;
      schema = `lose_nothing_${run}_${n}`;
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
      if (engine === 'PostgreSQL') await pgAdmin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('refuses to open a database that was never initialised, and creates nothing', async () => {
      await assert.rejects(open(false), (e: Error & { code?: string }) => e.code === 'DB_NOT_INITIALISED' && /safeguard db init/.test(e.message));
      if (engine === 'SQLite') assert.equal(fs.existsSync(path.dirname(url.slice('sqlite:'.length))), false, 'not even its folder');
      else {
        const ds = createDataSource(PG_URL);
        await ds.initialize();
        try {
          assert.deepEqual(await ds.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]), []);
        } finally {
          await ds.destroy();
        }
      }
    });

    it('creates it with `safeguard db init`, says so, and on a second run changes nothing', async () => {
      const env = { DATABASE_URL: engine === 'SQLite' ? url : `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`, LOG_LEVEL: 'silent' };
      const first = await cli(['db', 'init'], env);
      assert.equal(first.code, 0, first.err);
      assert.match(first.out, /Created a new, empty database/);
      const again = await cli(['db', 'init'], env);
      assert.equal(again.code, 0, again.err);
      assert.match(again.out, /already exists.*Nothing else was changed/);
      const store = await open(false);
      assert.equal(await store.ping(), true);
      assert.deepEqual(await store.checkWritable(), { ok: true });
    });

    it('refuses, even to `db init`, a database whose file is gone or emptied while its marker says it existed', async function () {
      if (engine === 'PostgreSQL') this.skip(); // PostgreSQL has no file: an emptied schema is refused as never initialised (above)
      const file = url.slice('sqlite:'.length);
      const store = await open(true);
      await store.incidents.create(newIncident(), 'OS', 2026);
      await store.close();
      assert.match(fs.readFileSync(markerPath(file), 'utf8'), /^initialised \d{4}-/);
      fs.truncateSync(file, 0);
      for (const f of [`${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
      await assert.rejects(open(false), (e: Error & { code?: string }) => e.code === 'DB_MISSING');
      fs.rmSync(file);
      await assert.rejects(open(true), (e: Error & { code?: string }) => e.code === 'DB_MISSING' && /restore it from your backup/.test(e.message));
      const init = await cli(['db', 'init'], { DATABASE_URL: url, LOG_LEVEL: 'silent' });
      assert.equal(init.code, 1);
      assert.match(init.err, /outage, not a fresh start/);
      assert.equal(fs.existsSync(file), false);
    });

    it('answers checkWritable with DB_READ_ONLY on a read-only session', async function () {
      if (engine === 'SQLite') this.skip(); // SQLite: test/hostile/lose-nothing.database.e2e.spec.ts (an immutable file)
      await open(true);
      const ds = createDataSource(PG_URL, { schema });
      (ds.options as { extra: { options: string } }).extra.options = `-c search_path=${schema} -c default_transaction_read_only=on`;
      await ds.initialize();
      const readOnly = new TypeOrmStore(ds);
      opened.push(readOnly);
      assert.equal(await readOnly.ping(), true, 'it still reads');
      assert.deepEqual(await readOnly.checkWritable(), { ok: false, code: 'DB_READ_ONLY' });
    });

    it('stores NUL, lone surrogates and decomposed accents cleaned, in columns, JSON and raw inserts alike', async () => {
      const store = await open(true);
      const incident = await store.incidents.create(newIncident({ subjectName: HOSTILE, answers: { what_happened: HOSTILE, [`note\u0000`]: ['x\uD800'] }, kinds: ['online_bullying\u0000'] }), 'OS', 2026);
      const stored = await store.incidents.get(incident.id);
      assert.equal(stored?.subjectName, CLEAN);
      assert.deepEqual(stored?.answers, { what_happened: CLEAN, note: ['x'] });
      assert.deepEqual(stored?.kinds, ['online_bullying']);
      await store.events.add({ incidentId: incident.id, at: T0, actorEmail: 'teacher@school.example', type: 'note', data: { text: HOSTILE } });
      assert.deepEqual((await store.events.listByIncident(incident.id))[0].data, { text: CLEAN });
      // enqueue is a raw INSERT … ON CONFLICT DO NOTHING: the same boundary cleans it.
      assert.equal(await store.outbox.enqueue(newMessage(`k\u0000${HOSTILE}`, { incidentId: incident.id, payload: { text: HOSTILE } }), T0), true);
      const [msg] = await store.outbox.listByIncident(incident.id);
      assert.equal(msg.dedupeKey, `k${CLEAN}`);
      assert.deepEqual(msg.payload, { text: CLEAN });
      const draft = newDraft({ answers: { what: HOSTILE } });
      await store.drafts.save(draft);
      assert.deepEqual((await store.drafts.get(draft.id))?.answers, { what: CLEAN });
      await store.identities.upsert({ platform: 'teams', platformUserId: '29:jose', email: 'jose\u0301@school.example', name: HOSTILE, tenantId: null, conversationRef: null });
      const found = await store.identities.findByEmail('teams', 'jose\u0301@school.example');
      assert.equal(found?.name, CLEAN, 'a lookup with the decomposed spelling finds the stored one');
    });

    it('opens one draft when ten starts for the same person race, and returns it to every one of them', async () => {
      const store = await open(true);
      const second = await open(false);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? second : store).drafts.openOnce(newDraft({ platformUserId: '29:tom' }))));
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(new Set(results.map((r) => r.draft.id)).size, 1);
      assert.equal((await store.drafts.getOpen('teams', '29:tom'))?.id, results[0].draft.id);
    });
  });
}

describe('hostile: only the demo school on its default file creates its own database on first start', () => {
  it('lets the quick start (no DATABASE_URL, no SCHOOL_CONFIG) create it, and nothing else', () => {
    assert.equal(demoMayInitialise(loadConfig({})), true);
    assert.equal(demoMayInitialise(loadConfig({ SCHOOL_CONFIG: 'config/st-marys.yaml' })), false);
    assert.equal(demoMayInitialise(loadConfig({ DATABASE_URL: 'sqlite:/srv/safeguard/db.sqlite' })), false);
    assert.equal(demoMayInitialise(loadConfig({ DATABASE_URL: 'postgres://db/safeguard' })), false);
  });
});

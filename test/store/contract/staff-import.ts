/**
 * Contract: staff imports are staged in batches and applied in one short set-based transaction,
 * all or nothing, on SQLite and PostgreSQL — and a writer on another connection is never
 * held up for the length of a 100,000-row import.
 */
import assert from 'node:assert/strict';
import type { CoreDeps } from '../../../src/core/deps';
import type { Store } from '../../../src/core/ports';
import { parseStaffCsv, type StaffRow } from '../../../src/core/duties/csv-import';
import { importStaff, STALE_STAGING_MS } from '../../../src/core/duties/staff-import';
import { FakeClock } from '../../helpers/clock';
import { testSchool } from '../../helpers/school';
import { staffCsv } from '../../helpers/staff-csv';
import type { ContractContext } from '../support/context';

const NOW = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';
const AUA = { version: '2026-1', effectiveFrom: '2026-09-01' };

function rowsOf(n: number): StaffRow[] {
  const { rows, errors } = parseStaffCsv(staffCsv(n), TODAY);
  assert.deepEqual(errors, []);
  return rows;
}

/** Everything an import can change, as counts. */
async function live(store: Store) {
  return { staff: (await store.staff.list()).length, completions: (await store.completions.list()).length, signatures: (await store.aua.signatures()).length };
}

export function staffImportContract(ctx: ContractContext): void {
  const depsOn = (store: Store, clock = new FakeClock(NOW)): CoreDeps => ({ store, clock, school: testSchool() });

  it('imports every row as a staff record with its training and AUA signature, and leaves nothing staged', async () => {
    const rows = rowsOf(2500);
    const r = await importStaff(depsOn(ctx.store), rows, AUA, { batchRows: 400 });
    assert.deepEqual(r, { staff: 2500, completions: 834, signatures: 500, left: 25, stagingCleared: true });
    assert.deepEqual(await live(ctx.store), { staff: 2500, completions: 834, signatures: 500 });
    const dsl = await ctx.store.staff.get('person0@bench.school');
    assert.deepEqual(dsl, { email: 'person0@bench.school', name: 'Person 0, Staff', role: 'dsl', startDate: '2020-01-01', source: 'import', leftOn: null, createdAt: NOW, updatedAt: NOW });
    assert.equal((await ctx.store.staff.get('person99@bench.school'))?.leftOn, '2026-10-31');
    assert.equal((await ctx.store.completions.latest('dsl_training', 'person0@bench.school'))?.completedOn, '2026-09-01');
    assert.equal((await ctx.store.completions.latest('staff_training', 'person3@bench.school'))?.notes, 'imported');
    assert.deepEqual((await ctx.store.aua.signatures('person5@bench.school')).map((s) => [s.version, s.signedAt.toISOString(), s.platform]), [['2026-1', '2026-09-02T12:00:00.000Z', 'import']]);
    // Appended in file order, as the one-row-at-a-time import did.
    assert.deepEqual((await ctx.store.completions.list()).slice(0, 3).map((c) => c.email), ['person0@bench.school', 'person3@bench.school', 'person6@bench.school']);
    assert.equal(await ctx.store.staffImports.count(), 0);
  });

  it('updates existing records in place, keeping when they were first known, and counts an AUA signed before the version as the old version', async () => {
    await ctx.store.staff.upsert({ email: 'person1@bench.school', name: 'Old name', role: 'ict_lead', startDate: null, source: 'roster', leftOn: '2026-01-01', createdAt: new Date('2025-01-01T00:00:00Z'), updatedAt: new Date('2025-01-01T00:00:00Z') });
    await importStaff(depsOn(ctx.store), rowsOf(11), { version: '2026-1', effectiveFrom: '2026-10-01' });
    assert.deepEqual(await ctx.store.staff.get('person1@bench.school'), { email: 'person1@bench.school', name: 'Person 1, Staff', role: 'staff', startDate: '2020-01-01', source: 'import', leftOn: null, createdAt: new Date('2025-01-01T00:00:00Z'), updatedAt: NOW });
    assert.deepEqual((await ctx.store.aua.signatures('person5@bench.school')).map((s) => s.version), ['before-2026-1']);
  });

  it('adds no second completion or signature when the same file is imported again', async () => {
    const rows = rowsOf(30);
    await importStaff(depsOn(ctx.store), rows, AUA);
    const again = await importStaff(depsOn(ctx.store, new FakeClock(new Date(NOW.getTime() + 60_000))), rows, AUA);
    assert.deepEqual(again, { staff: 30, completions: 0, signatures: 0, left: 0, stagingCleared: true });
    assert.deepEqual(await live(ctx.store), { staff: 30, completions: 10, signatures: 6 });
  });

  it('changes nothing when the import fails after staging 99 of 100 batches, clears what it staged, and a re-run imports it all', async () => {
    await ctx.store.staff.upsert({ email: 'person7@bench.school', name: 'Before', role: 'staff', startDate: null, source: 'roster', createdAt: NOW, updatedAt: NOW });
    const before = await live(ctx.store);
    const rows = rowsOf(10_000);
    const failing = importStaff(depsOn(ctx.store), rows, AUA, {
      batchRows: 100,
      onBatch: (staged) => {
        if (staged === 9_900) throw new Error('disk full at line 9,902');
      },
    });
    await assert.rejects(failing, /disk full/);
    assert.deepEqual(await live(ctx.store), before);
    assert.equal((await ctx.store.staff.get('person7@bench.school'))?.name, 'Before');
    assert.equal(await ctx.store.staffImports.count(), 0, 'its staging rows are cleared');
    assert.deepEqual(await importStaff(depsOn(ctx.store), rows, AUA), { staff: 10_000, completions: 3334, signatures: 2000, left: 100, stagingCleared: true });
  });

  it('refuses to apply an import whose staging is incomplete, changing nothing', async () => {
    const rows = rowsOf(10);
    const staged = rows.map((r) => ({ line: r.line, email: r.email, name: r.name, role: r.role, startDate: r.startDate, leftOn: r.leftOn, training: null, aua: null }));
    await ctx.store.staffImports.stage('crashed-import', staged.slice(0, 5), NOW);
    await assert.rejects(ctx.store.staffImports.apply('crashed-import', 10, NOW), { code: 'IMPORT_STAGING_INCOMPLETE' });
    assert.deepEqual(await live(ctx.store), { staff: 0, completions: 0, signatures: 0 });
  });

  it('after a crash mid-staging (rows left behind), leaves the live data untouched, imports on a re-run, and a later import clears the abandoned rows', async () => {
    const rows = rowsOf(50);
    const staged = rows.map((r) => ({ line: r.line, email: r.email, name: `Crashed ${r.name}`, role: r.role, startDate: r.startDate, leftOn: r.leftOn, training: null, aua: null }));
    await ctx.store.staffImports.stage('crashed-import', staged.slice(0, 20), NOW);
    assert.deepEqual(await live(ctx.store), { staff: 0, completions: 0, signatures: 0 });
    // The crash left 20 rows; a re-run straight away imports under its own id and leaves them (they may be another import's).
    await importStaff(depsOn(ctx.store, new FakeClock(new Date(NOW.getTime() + 60_000))), rows, AUA);
    assert.equal((await ctx.store.staff.list()).length, 50);
    assert.ok((await ctx.store.staff.list()).every((s) => !s.name.startsWith('Crashed')));
    assert.equal(await ctx.store.staffImports.count(), 20);
    await importStaff(depsOn(ctx.store, new FakeClock(new Date(NOW.getTime() + STALE_STAGING_MS + 1))), rows.slice(0, 1), AUA);
    assert.equal(await ctx.store.staffImports.count(), 0, 'an hour later they are cleared');
  });

  it('lets writers on another connection and on its own through within seconds during a 100,000-row import', async function () {
    this.timeout(180_000);
    const rows = rowsOf(100_000);
    const other = await ctx.open();
    let done = false;
    const waits: { other: number[]; same: number[] } = { other: [], same: [] };
    const writers = (async () => {
      for (let i = 0; !done; i++) {
        let t = performance.now();
        // Write transactions on another connection (SQLite: another file handle; PostgreSQL: another session).
        const check = await other.checkWritable();
        assert.deepEqual(check, { ok: true });
        // The roster sync adding someone the file also lists (PostgreSQL: waits on the import's lock on that key, if it holds one).
        await other.staff.addIfMissing({ email: `person${i}@bench.school`, name: 'From the roster', role: 'staff', startDate: null, source: 'roster', createdAt: NOW, updatedAt: NOW });
        waits.other.push(performance.now() - t);
        t = performance.now();
        // A write through the importing store itself (on SQLite it queues on the same connection).
        await ctx.store.staff.addIfMissing({ email: `writer${i}@school.test`, name: 'Writer', role: 'staff', startDate: null, source: 'roster', createdAt: NOW, updatedAt: NOW });
        waits.same.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const started = performance.now();
    const r = await importStaff(depsOn(ctx.store), rows, AUA).finally(() => (done = true));
    const took = performance.now() - started;
    await writers;
    assert.equal(r.staff, 100_000);
    assert.equal((await ctx.store.staff.list()).length, 100_000 + waits.same.length);
    const longest = Math.max(...waits.other, ...waits.same);
    assert.ok(waits.other.length >= 3, `${waits.other.length} writes went through during an import of ${Math.round(took)} ms`);
    assert.ok(longest < 5000, `the longest wait was ${Math.round(longest)} ms (import: ${Math.round(took)} ms)`);
    assert.ok(longest < took * 0.75, `no writer waited for most of the import: longest wait ${Math.round(longest)} ms, import ${Math.round(took)} ms`);
  });
}

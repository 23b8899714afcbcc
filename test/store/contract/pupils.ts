/** Contract: the pupils repository (issue #11) — an import applied whole, leavers kept and marked. */
import assert from 'node:assert/strict';
import type { PupilRow } from '../../../src/core/pupils/model';
import type { ContractContext } from '../support/context';
import { T0 } from '../support/fixtures';

const pupil = (misId: string, o: Partial<PupilRow> = {}): PupilRow => ({
  misId,
  upn: `${misId.toLowerCase()}@pupils.school.test`,
  givenName: 'Samantha',
  familyName: `Carter-${misId}`,
  preferredName: 'Sam',
  birthDate: '2013-04-01',
  yearGroup: 'Year 8',
  form: '8RB',
  leftOn: null,
  ...o,
});

export function pupilsContract(ctx: ContractContext): void {
  it('adds every pupil of a first import and reads them back as stored', async () => {
    const rows = Array.from({ length: 450 }, (_, i) => pupil(`P${String(i).padStart(4, '0')}`));
    const r = await ctx.store.pupils.applyImport('import-1', 'sds-v2.1', rows, '2026-12-04', T0);
    assert.deepEqual(r, { pupils: 450, added: 450, left: 0, returned: 0 });
    assert.equal((await ctx.store.pupils.list()).length, 450);
    assert.deepEqual(await ctx.store.pupils.get('P0007'), { ...rows[7], source: 'sds-v2.1', importId: 'import-1', createdAt: T0, updatedAt: T0 });
  });

  it('updates a pupil in place, marks one missing from the next import as left, and clears the mark when they return', async () => {
    await ctx.store.pupils.applyImport('import-1', 'oneroster-1.1', [pupil('A'), pupil('B'), pupil('C')], '2026-12-01', T0);
    const later = new Date(T0.getTime() + 86_400_000);
    const second = await ctx.store.pupils.applyImport('import-2', 'oneroster-1.1', [pupil('A', { form: '8JM' }), pupil('C')], '2026-12-02', later);
    assert.deepEqual(second, { pupils: 2, added: 0, left: 1, returned: 0 });
    assert.equal((await ctx.store.pupils.get('A'))?.form, '8JM');
    assert.equal((await ctx.store.pupils.get('A'))?.createdAt.getTime(), T0.getTime(), 'first seen stays the first import');
    assert.equal((await ctx.store.pupils.get('B'))?.leftOn, '2026-12-02', 'a leaver is kept, marked');
    const third = await ctx.store.pupils.applyImport('import-3', 'oneroster-1.1', [pupil('A'), pupil('B'), pupil('C', { leftOn: '2026-12-03' })], '2026-12-03', later);
    assert.deepEqual(third, { pupils: 3, added: 0, left: 1, returned: 1 });
    assert.equal((await ctx.store.pupils.get('B'))?.leftOn, null);
    assert.equal((await ctx.store.pupils.get('C'))?.leftOn, '2026-12-03');
    // Marked left again by a later file: the first date stands.
    await ctx.store.pupils.applyImport('import-4', 'oneroster-1.1', [pupil('A'), pupil('B'), pupil('C', { leftOn: '2026-12-09' })], '2026-12-09', later);
    assert.equal((await ctx.store.pupils.get('C'))?.leftOn, '2026-12-03');
  });

  it('changes nothing when an import fails part way (one transaction)', async () => {
    await ctx.store.pupils.applyImport('import-1', 'sds-v2.1', [pupil('A')], '2026-12-01', T0);
    // A row the database refuses (no family name) in the second chunk, after the first was written: all of it rolls back.
    const refused: PupilRow = JSON.parse(JSON.stringify({ ...pupil('Z'), familyName: null })) as PupilRow;
    const broken = [pupil('B'), pupil('A', { form: 'changed' }), ...Array.from({ length: 250 }, (_, i) => pupil(`X${i}`)), refused];
    await assert.rejects(ctx.store.pupils.applyImport('import-2', 'sds-v2.1', broken, '2026-12-02', T0));
    const all = await ctx.store.pupils.list();
    assert.deepEqual(all.map((p) => [p.misId, p.leftOn, p.importId]), [['A', null, 'import-1']]);
  });

  it("applies two imports that arrive at once one after the other: the second marks the first's pupils as left", async () => {
    const other = await ctx.open();
    // Two different lists (two instances syncing while the MIS changed): applied one after the other, the later one wins whole.
    const a = Array.from({ length: 400 }, (_, i) => pupil(`A${i}`));
    const b = Array.from({ length: 400 }, (_, i) => pupil(`B${i}`));
    await Promise.all([ctx.store.pupils.applyImport('import-a', 'graph', a, '2026-12-02', T0), other.pupils.applyImport('import-b', 'graph', b, '2026-12-02', T0)]);
    const all = await ctx.store.pupils.list();
    assert.equal(all.length, 800);
    const left = new Set(all.filter((p) => p.leftOn).map((p) => p.misId[0]));
    assert.equal(all.filter((p) => p.leftOn).length, 400, 'exactly one list was marked as left');
    assert.equal(left.size, 1);
  });

  it('finds pupils on roll by any part of their name, their preferred name or their form, ignoring case, never a leaver', async () => {
    assert.equal(await ctx.store.pupils.anyOnRoll(), false);
    await ctx.store.pupils.applyImport('import-1', 'sds-v2.1', [
      pupil('S1', { givenName: 'Samantha', familyName: 'Carter', preferredName: 'Sam', form: '8RB' }),
      pupil('S2', { givenName: 'Siobhán', familyName: "O'Brien", preferredName: null, form: '7AB' }),
      pupil('S3', { givenName: 'Tom', familyName: 'Carter', preferredName: null, form: '10KP', leftOn: '2026-07-22' }),
      pupil('S4', { givenName: 'Ali', familyName: '100%_Sure', preferredName: null, form: '9JM' }),
    ], '2026-12-04', T0);
    assert.equal(await ctx.store.pupils.anyOnRoll(), true);
    const ids = async (q: string) => (await ctx.store.pupils.search(q, 10)).map((p) => p.misId);
    assert.deepEqual(await ids('carter'), ['S1'], 'Tom Carter has left');
    assert.deepEqual((await ctx.store.pupils.search('carter', 10, { leavers: true })).map((p) => p.misId), ['S1', 'S3'], "a leaver is found for the DSL's chronology");
    assert.deepEqual(await ids('sam car'), ['S1'], 'by preferred and family name');
    assert.deepEqual(await ids("o'bri"), ['S2']);
    assert.deepEqual(await ids('8rb'), ['S1']);
    assert.deepEqual(await ids('%'), ['S4'], 'a typed % is a character, not a wildcard');
    assert.deepEqual(await ids('  '), []);
    assert.deepEqual((await ctx.store.pupils.getOnRoll(['S1', 'S3', 'nobody'])).map((p) => p.misId), ['S1']);
    assert.deepEqual((await ctx.store.pupils.getMany(['S1', 'S3', 'nobody'])).map((p) => p.misId).sort(), ['S1', 'S3'], 'a report keeps showing a pupil who has left');
  });
}

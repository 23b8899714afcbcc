/** Contract: which pupils each incident names (issue #11), and the reads a child's chronology makes. */
import assert from 'node:assert/strict';
import type { ContractContext } from '../support/context';
import { at, newIncident, T0 } from '../support/fixtures';

export function pupilLinksContract(ctx: ContractContext): void {
  const incident = (ms = 0) => ctx.store.incidents.create(newIncident({ reportedAt: at(ms) }), 'OS', 2026);

  it('lists every incident a pupil is named in, oldest link first, and each incident its pupils by row', async () => {
    const first = await incident();
    const second = await incident(60_000);
    await ctx.store.pupilLinks.add([
      { incidentId: second.id, misId: 'P1', row: 2, part: 'alleged_perpetrator', linkedBy: null, linkedAt: at(60_000) },
      { incidentId: second.id, misId: 'P2', row: 1, part: 'target', linkedBy: null, linkedAt: at(60_000) },
    ]);
    await ctx.store.pupilLinks.add([{ incidentId: first.id, misId: 'P1', row: 1, part: 'target', linkedBy: 'dsl@school.test', linkedAt: T0 }]);
    assert.deepEqual(
      (await ctx.store.pupilLinks.listByPupil('P1')).map((l) => [l.incidentId, l.row, l.part, l.linkedBy, l.linkedAt.getTime()]),
      [
        [first.id, 1, 'target', 'dsl@school.test', T0.getTime()],
        [second.id, 2, 'alleged_perpetrator', null, at(60_000).getTime()],
      ],
    );
    assert.deepEqual((await ctx.store.pupilLinks.listByIncident(second.id)).map((l) => [l.row, l.misId]), [[1, 'P2'], [2, 'P1']]);
    assert.deepEqual(await ctx.store.pupilLinks.listByPupil('nobody'), []);
  });

  it('keeps the first link of a row: a second link of the same row changes nothing', async () => {
    const { id } = await incident();
    await ctx.store.pupilLinks.add([{ incidentId: id, misId: 'P1', row: 3, part: null, linkedBy: 'a@school.test', linkedAt: T0 }]);
    await ctx.store.pupilLinks.add([{ incidentId: id, misId: 'P9', row: 3, part: null, linkedBy: 'b@school.test', linkedAt: at(1) }]);
    assert.deepEqual((await ctx.store.pupilLinks.listByIncident(id)).map((l) => [l.misId, l.linkedBy]), [['P1', 'a@school.test']]);
  });

  it('reads several incidents and their merged chronology, oldest first', async () => {
    const a = await incident(1000);
    const b = await incident();
    await ctx.store.events.add({ incidentId: a.id, at: at(3000), actorEmail: null, type: 'late', data: {} });
    await ctx.store.events.add({ incidentId: b.id, at: at(2000), actorEmail: null, type: 'middle', data: {} });
    await ctx.store.events.add({ incidentId: a.id, at: at(1000), actorEmail: null, type: 'early', data: {} });
    await ctx.store.events.add({ incidentId: (await incident()).id, at: at(1500), actorEmail: null, type: 'elsewhere', data: {} });
    assert.deepEqual((await ctx.store.events.listByIncidents([a.id, b.id])).map((e) => e.type), ['early', 'middle', 'late']);
    assert.deepEqual((await ctx.store.incidents.getMany([a.id, b.id, '00000000-0000-4000-8000-00000000dead'])).map((i) => i.id), [b.id, a.id]);
    assert.deepEqual(await ctx.store.events.listByIncidents([]), []);
    assert.deepEqual(await ctx.store.incidents.getMany([]), []);
  });
}

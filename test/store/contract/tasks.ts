/** Contract: tasks after a report (issue #11) — leased claims, stages, done once — and the quiet-concern read. */
import assert from 'node:assert/strict';
import type { ContractContext } from '../support/context';
import { at, newIncident, T0 } from '../support/fixtures';

export function tasksContract(ctx: ContractContext): void {
  const incident = (o: Parameters<typeof newIncident>[0] = {}) => ctx.store.incidents.create(newIncident(o), 'OS', 2026);
  const task = (incidentId: string, dueMs: number, title = 'Phone mum') => ctx.store.tasks.add({ incidentId, title, ownerEmail: 'dev@school.test', dueAt: at(dueMs), createdBy: 'dana@school.test', createdAt: T0 });

  it('adds an open task first due at its due time, and lists an incident’s tasks oldest first', async () => {
    const { id } = await incident();
    const a = await task(id, 60_000, 'Phone mum by Friday');
    const b = await task(id, 30_000, 'Check back with social care');
    assert.deepEqual(await ctx.store.tasks.get(a.id), { ...a, status: 'open', stage: 0, nextAt: at(60_000) });
    assert.deepEqual((await ctx.store.tasks.listByIncident(id)).map((t) => t.id).sort(), [a.id, b.id].sort());
  });

  it('claims due tasks with a lease two claimers never share, and frees them when the stage is recorded', async () => {
    const { id } = await incident();
    const [early, late] = [await task(id, 1000), await task(id, 5000)];
    await task(id, 90_000); // not due
    const other = await ctx.open();
    const [mine, theirs] = await Promise.all([ctx.store.tasks.claimDue(at(10_000), 'a', 60_000, 10), other.tasks.claimDue(at(10_000), 'b', 60_000, 10)]);
    assert.deepEqual([...mine, ...theirs].map((t) => t.id).sort(), [early.id, late.id].sort(), 'each due task claimed once');
    assert.equal((await ctx.store.tasks.claimDue(at(20_000), 'c', 60_000, 10)).length, 0, 'held while leased');
    const holder = mine.length ? 'a' : 'b';
    const held = [...mine, ...theirs][0]!;
    assert.equal(await ctx.store.tasks.advance(held.id, 'someone-else', 1, at(100_000)), false, 'only the holder records a stage');
    assert.equal(await ctx.store.tasks.advance(held.id, holder, 1, at(100_000)), true);
    assert.deepEqual((await ctx.store.tasks.get(held.id))!.stage, 1);
    // The lease of the other ran out: it is claimable again.
    const again = await ctx.store.tasks.claimDue(at(80_000), 'c', 60_000, 10);
    assert.deepEqual(again.map((t) => t.id), [[early.id, late.id].find((i) => i !== held.id)]);
  });

  it('marks a task done once, after which it is never claimed, and tells which incidents have overdue tasks', async () => {
    const a = await incident();
    const b = await incident();
    const done = await task(a.id, 1000);
    await task(b.id, 1000);
    await task(a.id, 90_000);
    assert.equal(await ctx.store.tasks.complete(done.id, 'dev@school.test', at(2000), 'Spoke to mum'), true);
    assert.equal(await ctx.store.tasks.complete(done.id, 'dana@school.test', at(3000), 'again'), false);
    assert.deepEqual({ ...(await ctx.store.tasks.get(done.id)), leaseUntil: null }, { ...done, status: 'done', stage: 0, nextAt: null, doneBy: 'dev@school.test', doneAt: at(2000), doneNote: 'Spoke to mum', leaseUntil: null });
    assert.deepEqual((await ctx.store.tasks.claimDue(at(10_000), 'a', 60_000, 10)).map((t) => t.incidentId), [b.id]);
    assert.deepEqual([...(await ctx.store.tasks.incidentsWithOverdue(at(10_000), [a.id, b.id]))], [b.id]);
    assert.deepEqual([...(await ctx.store.tasks.incidentsWithOverdue(at(10_000), []))], []);
  });

  it('lists open incidents quiet since a time, quietest first, not counting views, refused clicks or earlier quiet flags', async () => {
    const quiet = await incident();
    const busy = await incident();
    const closed = await incident({ status: 'closed' });
    const viewedOnly = await incident();
    const add = (incidentId: string, ms: number, type: string) => ctx.store.events.add({ incidentId, at: at(ms), actorEmail: null, type, data: {} });
    await add(quiet.id, 1000, 'reported');
    await add(busy.id, 2000, 'reported');
    await add(busy.id, 50_000, 'add_note');
    await add(closed.id, 1000, 'reported');
    await add(viewedOnly.id, 500, 'reported');
    for (const type of ['viewed', 'unauthorised_attempt', 'stale_flagged']) await add(viewedOnly.id, 40_000, type);
    assert.deepEqual(await ctx.store.incidents.listQuiet(at(10_000), 10), [
      { incidentId: viewedOnly.id, lastActivityAt: at(500) },
      { incidentId: quiet.id, lastActivityAt: at(1000) },
    ]);
    assert.equal((await ctx.store.incidents.listQuiet(at(10_000), 1)).length, 1);
  });
}

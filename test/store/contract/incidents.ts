/** Contract: IncidentRepository. */
import assert from 'node:assert/strict';
import type { Incident } from '../../../src/core/model';
import type { ContractContext } from '../support/context';
import { at, newIncident, T0 } from '../support/fixtures';

export function incidentContract(ctx: ContractContext): void {
  it('creates an incident with a fresh id, version 1 and the first reference of its prefix and year', async () => {
    const incident = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    assert.equal(incident.reference, 'OS-2026-0001');
    assert.equal(incident.version, 1);
    assert.match(incident.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(await ctx.store.incidents.get(incident.id), incident);
  });

  it('numbers references per prefix and per year, zero-padded to four digits', async () => {
    const { incidents } = ctx.store;
    const refs = [];
    for (const [prefix, year] of [['OS', 2026], ['OS', 2026], ['OS', 2027], ['SG', 2026], ['OS', 2026]] as const)
      refs.push((await incidents.create(newIncident(), prefix, year)).reference);
    assert.deepEqual(refs, ['OS-2026-0001', 'OS-2026-0002', 'OS-2027-0001', 'SG-2026-0001', 'OS-2026-0003']);
  });

  it('allocates consecutive references to incidents created at the same time', async () => {
    const created = await Promise.all(Array.from({ length: 10 }, () => ctx.store.incidents.create(newIncident(), 'OS', 2026)));
    const refs = created.map((i) => i.reference).sort();
    assert.deepEqual(refs, Array.from({ length: 10 }, (_, i) => `OS-2026-${String(i + 1).padStart(4, '0')}`));
    assert.equal(new Set(created.map((i) => i.id)).size, 10);
  });

  it('does not use up a reference when the transaction creating the incident rolls back', async () => {
    await assert.rejects(
      ctx.store.transaction(async (tx) => {
        await tx.incidents.create(newIncident(), 'OS', 2026);
        throw new Error('abandon');
      }),
      /abandon/,
    );
    const next = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    assert.equal(next.reference, 'OS-2026-0001');
  });

  it('numbers an incident created first and numbered last in its transaction, gap-free among reports sent at once', async () => {
    const created = await Promise.all(
      Array.from({ length: 8 }, () =>
        ctx.store.transaction(async (tx) => {
          const incident = await tx.incidents.createUnnumbered(newIncident());
          await tx.events.add({ incidentId: incident.id, at: T0, actorEmail: null, type: 'reported', data: {} });
          return tx.incidents.number(incident, 'OS', 2026);
        }),
      ),
    );
    assert.deepEqual(created.map((i) => i.reference).sort(), Array.from({ length: 8 }, (_, i) => `OS-2026-${String(i + 1).padStart(4, '0')}`));
    for (const i of created) assert.deepEqual(await ctx.store.incidents.get(i.id), i, 'stored with its number, never the provisional one');
  });

  it('leaves neither a provisional incident nor a used number behind when the report is abandoned before numbering', async () => {
    let id = '';
    await assert.rejects(
      ctx.store.transaction(async (tx) => {
        id = (await tx.incidents.createUnnumbered(newIncident())).id;
        throw new Error('abandon');
      }),
      /abandon/,
    );
    assert.equal(await ctx.store.incidents.get(id), null);
    assert.equal((await ctx.store.incidents.create(newIncident(), 'OS', 2026)).reference, 'OS-2026-0001');
  });

  it('finds an incident by id and by reference, and returns null for unknown ones', async () => {
    const incident = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    assert.deepEqual(await ctx.store.incidents.getByReference('OS-2026-0001'), incident);
    assert.equal(await ctx.store.incidents.get('00000000-0000-0000-0000-000000000000'), null);
    assert.equal(await ctx.store.incidents.getByReference('OS-2026-9999'), null);
  });

  it('round-trips dates to the millisecond and answers with unicode and ${...} text unchanged', async () => {
    const answers = {
      what: 'Zoë said “stop” 🙏 — ${user.name} and {{x}} and <!channel> & \\n\n line two',
      where: ['classroom', 'online: ${platform}'],
      quote: `it's "quoted"`,
      empty: '',
    };
    const data = newIncident({
      answers,
      kinds: ['sexting', 'online_bullying'],
      urgent: true,
      serious: true,
      immediateDanger: true,
      subjectName: 'Ms Ünal',
      reportedAt: at(1),
      acknowledgedAt: at(1002),
      closedAt: new Date(Date.UTC(2099, 11, 31, 23, 59, 59, 999)),
      nextPageAt: new Date(1),
      outcome: 'Spoke to parents',
      pageLevel: 3,
    });
    const created = await ctx.store.incidents.create(data, 'OS', 2026);
    const loaded = await ctx.store.incidents.get(created.id);
    assert.ok(loaded);
    assert.deepEqual(loaded.answers, answers);
    assert.deepEqual(loaded.kinds, ['sexting', 'online_bullying']);
    assert.ok(loaded.reportedAt instanceof Date);
    assert.equal(loaded.reportedAt.getTime(), T0.getTime() + 1);
    assert.equal(loaded.acknowledgedAt?.getTime(), T0.getTime() + 1002);
    assert.equal(loaded.closedAt?.toISOString(), '2099-12-31T23:59:59.999Z');
    assert.equal(loaded.nextPageAt?.getTime(), 1);
    assert.deepEqual(loaded, created);
  });

  it('saves an update and bumps the version by one', async () => {
    const incident = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    const saved = await ctx.store.incidents.update({
      ...incident,
      status: 'acknowledged',
      ownerEmail: 'dsl@school.example',
      acknowledgedAt: at(500),
      answers: { ...incident.answers, note: 'added' },
    });
    assert.ok(saved);
    assert.equal(saved.version, 2);
    assert.deepEqual(await ctx.store.incidents.get(incident.id), saved);
  });

  it('returns null for an update made from a stale version and keeps the newer data', async () => {
    const incident = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    const first = await ctx.store.incidents.update({ ...incident, status: 'acknowledged' });
    assert.equal(first?.version, 2);
    assert.equal(await ctx.store.incidents.update({ ...incident, status: 'closed' }), null);
    const stored = await ctx.store.incidents.get(incident.id);
    assert.equal(stored?.status, 'acknowledged');
    assert.equal(stored?.version, 2);
  });

  it('lets only one of two simultaneous updates of the same version win', async () => {
    const incident = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    const results = await Promise.all([
      ctx.store.incidents.update({ ...incident, ownerEmail: 'a@school.example' }),
      ctx.store.incidents.update({ ...incident, ownerEmail: 'b@school.example' }),
    ]);
    assert.equal(results.filter((r) => r !== null).length, 1);
    const winner = results.find((r) => r !== null);
    assert.deepEqual(await ctx.store.incidents.get(incident.id), winner);
  });

  it('lists urgent unacknowledged incidents whose next page is due, soonest first', async () => {
    const { incidents } = ctx.store;
    const due2 = await incidents.create(newIncident({ urgent: true, nextPageAt: at(-2000) }), 'OS', 2026);
    const due1 = await incidents.create(newIncident({ urgent: true, nextPageAt: at(-5000) }), 'OS', 2026);
    const dueNow = await incidents.create(newIncident({ urgent: true, nextPageAt: T0 }), 'OS', 2026);
    await incidents.create(newIncident({ urgent: true, nextPageAt: at(1) }), 'OS', 2026);
    await incidents.create(newIncident({ urgent: false, nextPageAt: at(-9000) }), 'OS', 2026);
    await incidents.create(newIncident({ urgent: true, status: 'acknowledged', nextPageAt: at(-9000) }), 'OS', 2026);
    await incidents.create(newIncident({ urgent: true, nextPageAt: null }), 'OS', 2026);
    const due = await incidents.listDuePages(T0, 10);
    assert.deepEqual(due.map((i) => i.id), [due1.id, due2.id, dueNow.id]);
    assert.deepEqual((await incidents.listDuePages(T0, 2)).map((i) => i.id), [due1.id, due2.id]);
  });

  it("lists a reporter's incidents newest first, up to the limit", async () => {
    const { incidents } = ctx.store;
    const old = await incidents.create(newIncident({ reporterEmail: 'r@school.example', reportedAt: at(-60_000) }), 'OS', 2026);
    const mid = await incidents.create(newIncident({ reporterEmail: 'r@school.example', reportedAt: at(-30_000) }), 'OS', 2026);
    const recent = await incidents.create(newIncident({ reporterEmail: 'r@school.example', reportedAt: T0 }), 'OS', 2026);
    await incidents.create(newIncident({ reporterEmail: 'other@school.example', reportedAt: at(1000) }), 'OS', 2026);
    assert.deepEqual((await incidents.listByReporter('r@school.example', 10)).map((i) => i.id), [recent.id, mid.id, old.id]);
    assert.deepEqual((await incidents.listByReporter('r@school.example', 2)).map((i) => i.id), [recent.id, mid.id]);
    assert.deepEqual(await incidents.listByReporter('nobody@school.example', 10), []);
  });

  it('lists incidents that are not closed, oldest first', async () => {
    const { incidents } = ctx.store;
    const b = await incidents.create(newIncident({ reportedAt: at(2000), status: 'decided' }), 'OS', 2026);
    const a = await incidents.create(newIncident({ reportedAt: at(1000) }), 'OS', 2026);
    await incidents.create(newIncident({ reportedAt: at(0), status: 'closed', closedAt: at(10) }), 'OS', 2026);
    const c = await incidents.create(newIncident({ reportedAt: at(3000), status: 'acknowledged' }), 'OS', 2026);
    assert.deepEqual((await incidents.listOpen(10)).map((i) => i.id), [a.id, b.id, c.id]);
    assert.deepEqual((await incidents.listOpen(1)).map((i) => i.id), [a.id]);
  });

  it('lists as open every status but closed — a decision proposed too — among many closed concerns, for the DSL’s list (issue #11)', async () => {
    const { incidents } = ctx.store;
    const closed: Incident[] = [];
    for (let n = 0; n < 12; n++) closed.push(await incidents.create(newIncident({ reportedAt: at(-n * 1000), status: 'closed', closedAt: at(5000), outcome: 'Resolved' }), 'OS', 2026));
    const open: Incident[] = [];
    for (const [n, status] of (['decision_proposed', 'reported', 'decided', 'acknowledged'] as const).entries())
      open.push(await incidents.create(newIncident({ reportedAt: at(n * 1000 - 500), status, urgent: n === 1, serious: n === 1, ownerEmail: n === 2 ? 'dsl@school.example' : null }), 'OS', 2026));
    const listed = await incidents.listOpen(100);
    assert.deepEqual(listed.map((i) => i.status), ['decision_proposed', 'reported', 'decided', 'acknowledged']);
    assert.deepEqual(listed, open, 'every field as stored');
    assert.ok(!listed.some((i) => closed.some((c) => c.id === i.id)));
    // Ties in time are broken by reference, so pages never shuffle between reads.
    const same = [await incidents.create(newIncident({ reportedAt: at(90_000) }), 'OS', 2026), await incidents.create(newIncident({ reportedAt: at(90_000) }), 'OS', 2026)];
    assert.deepEqual((await incidents.listOpen(100)).slice(-2).map((i) => i.reference), same.map((i) => i.reference));
  });

  it('makes a second transaction that locks the same incident wait until the first has ended', async () => {
    const incident = await ctx.store.incidents.create(newIncident(), 'OS', 2026);
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const firstHolds = new Promise<void>((resolve) => (locked = resolve));
    const first = ctx.store.transaction(async (tx) => {
      await tx.incidents.lock(incident.id);
      locked();
      await held;
      order.push('first ends');
    });
    await firstHolds;
    const second = ctx.store.transaction(async (tx) => {
      await tx.incidents.lock(incident.id);
      order.push('second holds');
    });
    await new Promise((r) => setTimeout(r, 100));
    release();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['first ends', 'second holds']);
  });
}

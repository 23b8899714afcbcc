/** Contract: the set-based calls a duty sweep makes — bulk inserts and saves, paged reads, aggregates, rows held by a transaction. */
import assert from 'node:assert/strict';
import type { Reminder } from '../../../src/core/duties/model';
import type { Store } from '../../../src/core/ports';
import { MESSAGE_KINDS } from '../../../src/core/notify/enqueue';
import type { ContractContext } from '../support/context';
import { at, T0 } from '../support/fixtures';

const reminder = (email: string, dueAt: Date | null = T0) => ({ key: `aua:${email}`, dutyId: 'aua', subjectEmail: email, dueDate: '2026-01-05', dueAt, lastRemindedAt: null, level: null, snoozedUntil: null, snoozeReason: null, snoozedBy: null });
const staff = (email: string, name = 'Someone') => ({ email, name, role: 'staff' as const, startDate: null, source: 'import' as const, createdAt: T0, updatedAt: T0 });

/** Every reminder, page by page of `size`. */
async function paged(store: Store, size: number): Promise<Reminder[]> {
  const out: Reminder[] = [];
  for (let page = await store.reminders.page(null, size); page.length > 0; page = await store.reminders.page(page[page.length - 1]!.key, size)) out.push(...page);
  return out;
}

export function dutiesBulkContract(ctx: ContractContext): void {
  it('inserts many staff records and reminders in one call, leaving those already there untouched', async () => {
    await ctx.store.staff.upsert(staff('b@s.t', 'Kept'));
    assert.equal(await ctx.store.staff.addManyIfMissing([staff('A@s.t'), staff('b@s.t', 'Not this'), staff('c@s.t')]), 2);
    assert.deepEqual((await ctx.store.staff.page(null, 10)).map((s) => [s.email, s.name]), [['a@s.t', 'Someone'], ['b@s.t', 'Kept'], ['c@s.t', 'Someone']]);
    assert.deepEqual((await ctx.store.staff.page('a@s.t', 1)).map((s) => s.email), ['b@s.t'], 'a page starts after the key given');
    assert.deepEqual(await ctx.store.staff.page(null, 10), await ctx.store.staff.list(), 'a page reads what list() reads');

    assert.equal(await ctx.store.reminders.addMany(['x@s.t', 'y@s.t', 'z@s.t'].map((e) => reminder(e))), 3);
    assert.equal(await ctx.store.reminders.addMany([reminder('x@s.t', null), reminder('w@s.t')]), 1);
    const rows = await paged(ctx.store, 2);
    assert.deepEqual(rows.map((r) => r.key), ['aua:w@s.t', 'aua:x@s.t', 'aua:y@s.t', 'aua:z@s.t']);
    assert.deepEqual(rows, await ctx.store.reminders.list(), 'pages read what list() reads, every column');
    assert.equal(rows.find((r) => r.key === 'aua:x@s.t')?.dueAt?.getTime(), T0.getTime(), 'the first insert stands');
  });

  it('saves many reminders in one call at the versions read, refusing the stale ones', async () => {
    await ctx.store.reminders.addMany(['x@s.t', 'y@s.t'].map((e) => reminder(e)));
    const [x, y] = await ctx.store.reminders.list();
    assert.ok(await ctx.store.reminders.update({ ...y!, level: -30 }), 'someone else changes y first');
    const saved = await ctx.store.reminders.updateMany([
      { ...x!, level: -7, dueAt: null, lastRemindedAt: at(5), snoozedUntil: '2026-01-09', snoozeReason: 'On a course', snoozedBy: 'x@s.t' },
      { ...y!, level: 0 },
    ]);
    assert.deepEqual([...saved], [x!.id]);
    const after = await ctx.store.reminders.list();
    assert.deepEqual(after[0], { ...x!, level: -7, dueAt: null, lastRemindedAt: at(5), snoozedUntil: '2026-01-09', snoozeReason: 'On a course', snoozedBy: 'x@s.t', version: x!.version + 1 });
    assert.equal(after[1]!.level, -30, 'the stale save changed nothing');
    assert.deepEqual(await ctx.store.reminders.updateMany([]), new Set());
  });

  it('cleans the text it saves in bulk as every write is cleaned: NUL removed, NFC', async () => {
    await ctx.store.reminders.addMany([reminder('x@s.t')]);
    const [x] = await ctx.store.reminders.list();
    await ctx.store.reminders.updateMany([{ ...x!, snoozeReason: 'Cafe\u0301\u0000 duty', snoozedBy: 'x@s.t', snoozedUntil: '2026-01-09' }]);
    assert.equal((await ctx.store.reminders.getByKey('aua:x@s.t'))?.snoozeReason, 'Caf\u00e9 duty');
    assert.equal(await ctx.store.staff.addManyIfMissing([staff('n@s.t', 'Zoe\u0308\u0000')]), 1);
    assert.equal((await ctx.store.staff.get('n@s.t'))?.name, 'Zo\u00eb');
  });

  it('lists the school duties’ reminders only', async () => {
    await ctx.store.reminders.addMany([reminder('x@s.t'), { ...reminder('x@s.t'), key: 'policy_review:school', dutyId: 'policy_review', subjectEmail: null }]);
    assert.deepEqual((await ctx.store.reminders.listSchool()).map((r) => r.key), ['policy_review:school']);
  });

  it('gives the latest completion date of each duty for each person and the school, and the latest signature of each version', async () => {
    const base = { certificateRef: null, notes: null, recordedBy: 'a@s.t', platform: 'teams' as const, recordedAt: T0 };
    await ctx.store.completions.add({ ...base, dutyId: 'staff_training', email: 'a@s.t', completedOn: '2026-09-01' });
    await ctx.store.completions.add({ ...base, dutyId: 'staff_training', email: 'a@s.t', completedOn: '2025-09-01' });
    await ctx.store.completions.add({ ...base, dutyId: 'policy_review', email: null, completedOn: '2026-01-02' });
    const latest = (await ctx.store.completions.latestDates()).map((c) => `${c.dutyId}:${c.email}:${c.completedOn}`).sort();
    assert.deepEqual(latest, ['policy_review:null:2026-01-02', 'staff_training:a@s.t:2026-09-01']);
    await ctx.store.aua.sign({ email: 'a@s.t', version: '1', signedAt: at(1000), platform: 'teams' });
    await ctx.store.aua.sign({ email: 'a@s.t', version: '1', signedAt: at(0), platform: 'teams' });
    await ctx.store.aua.sign({ email: 'a@s.t', version: '2', signedAt: at(5), platform: 'slack' });
    const sigs = (await ctx.store.aua.latestSignatures()).map((s) => `${s.version}:${s.signedAt.getTime() - T0.getTime()}`).sort();
    assert.deepEqual(sigs, ['1:1000', '2:5']);
  });

  it('holds due reminders for the transaction that took them: two at once take different rows, and a leased row is left alone', async () => {
    await ctx.store.reminders.addMany(['a@s.t', 'b@s.t', 'c@s.t', 'd@s.t'].map((e) => reminder(e)));
    assert.equal((await ctx.store.reminders.claimDue(T0, 'someone', 60_000, 1)).length, 1, 'one row leased by another sweeper');
    const other = await ctx.open();
    const take = (s: Store) =>
      s.transaction(async (tx) => {
        const rows = await tx.reminders.takeDue(T0, 2);
        await new Promise((r) => setTimeout(r, 50));
        await tx.reminders.updateMany(rows.map((r) => ({ ...r, dueAt: at(86_400_000) })));
        return rows.map((r) => r.key);
      });
    const [a, b] = await Promise.all([take(ctx.store), take(other)]);
    const taken = [...a, ...b];
    assert.equal(taken.length, 3, 'between them, every row not leased');
    assert.equal(new Set(taken).size, 3, 'no row taken twice');
    assert.deepEqual(await ctx.store.transaction((tx) => tx.reminders.takeDue(T0, 10)), [], 'none due now');
  });

  it('enqueues many outbox rows in one call, skipping dedupe keys already there, and says which went in', async () => {
    const msg = (key: string, email: string) => ({ dedupeKey: key, kind: MESSAGE_KINDS.dutyReminder, recipient: { type: 'person' as const, email }, incidentId: null, payload: { reminderId: key, offset: -7 }, nextAttemptAt: T0 });
    assert.equal(await ctx.store.outbox.enqueue(msg('k1', 'a@s.t'), T0), true);
    const inserted = await ctx.store.outbox.enqueueMany([msg('k1', 'a@s.t'), msg('k2', 'b@s.t'), msg('k3', 'c@s.t')], T0);
    assert.deepEqual([...inserted].sort(), ['k2', 'k3']);
    const rows = await ctx.store.outbox.claimDue(T0, 'w', 1000, 10);
    assert.deepEqual(rows.map((m) => [m.dedupeKey, m.recipient, m.payload, m.status, m.attempts]).sort(), [
      ['k1', { type: 'person', email: 'a@s.t' }, { reminderId: 'k1', offset: -7 }, 'pending', 1],
      ['k2', { type: 'person', email: 'b@s.t' }, { reminderId: 'k2', offset: -7 }, 'pending', 1],
      ['k3', { type: 'person', email: 'c@s.t' }, { reminderId: 'k3', offset: -7 }, 'pending', 1],
    ]);
    assert.deepEqual(await ctx.store.outbox.enqueueMany([], T0), new Set());
  });
}

/** Contract: duties repositories, and the duty sweep with two sweepers and a restart on one database. */
import assert from 'node:assert/strict';
import type { CoreDeps } from '../../../src/core/deps';
import type { Store } from '../../../src/core/ports';
import { recipientsOf, sweepDuties } from '../../../src/core/duties/sweep';
import { MESSAGE_KINDS } from '../../../src/core/notify/enqueue';
import { testSchool } from '../../helpers/school';
import { FakeClock } from '../../helpers/clock';
import type { ContractContext } from '../support/context';
import { T0 } from '../support/fixtures';

const MONDAY_10AM = new Date('2026-11-23T10:00:00Z');

/** Every pending outbox row (claimed by a throwaway owner far in the future, so nothing is left out). */
async function pending(store: Store) {
  return store.outbox.claimDue(new Date('2100-01-01T00:00:00Z'), 'inspector', 1, 10_000);
}

// No grace period: these tests follow duties due from the day the bot first sees everyone.
const depsOn = (store: Store, clock: FakeClock): CoreDeps => ({ store, clock, school: testSchool({ duties: { new_staff_grace_days: 0 } }) });

export function dutiesContract(ctx: ContractContext): void {
  it('stores staff records by lower-cased email, insert-if-missing and upsert', async () => {
    const r = { email: 'New@School.Test', name: 'New', role: 'staff' as const, startDate: '2027-02-15', source: 'import' as const, createdAt: T0, updatedAt: T0 };
    assert.equal(await ctx.store.staff.addIfMissing(r), true);
    assert.equal(await ctx.store.staff.addIfMissing({ ...r, name: 'Other' }), false);
    await ctx.store.staff.upsert({ ...r, startDate: '2027-03-01' });
    assert.deepEqual(await ctx.store.staff.get('new@school.test'), { ...r, email: 'new@school.test', startDate: '2027-03-01', leftOn: null });
    assert.equal((await ctx.store.staff.list()).length, 1);
  });

  it('appends completions and finds the latest by date for a person or for the school', async () => {
    const base = { dutyId: 'staff_training', email: 'a@s.t', certificateRef: null, notes: null, recordedBy: 'a@s.t', platform: 'teams' as const, recordedAt: T0 };
    await ctx.store.completions.add({ ...base, completedOn: '2026-09-01' });
    await ctx.store.completions.add({ ...base, completedOn: '2025-09-01', certificateRef: 'CERT-1' });
    await ctx.store.completions.add({ ...base, email: null, dutyId: 'policy_review', completedOn: '2026-01-02', notes: 'Reviewed' });
    assert.equal((await ctx.store.completions.latest('staff_training', 'A@s.t'))?.completedOn, '2026-09-01');
    assert.equal((await ctx.store.completions.latest('policy_review', null))?.notes, 'Reviewed');
    assert.equal(await ctx.store.completions.latest('policy_review', 'a@s.t'), null);
    assert.equal((await ctx.store.completions.list()).length, 3);
  });

  it('records AUA versions once and appends signatures (there is no way to edit one)', async () => {
    assert.equal(await ctx.store.aua.addVersion({ version: '2026-1', effectiveFrom: '2026-09-01', textHash: 'h', createdAt: T0 }), true);
    assert.equal(await ctx.store.aua.addVersion({ version: '2026-1', effectiveFrom: '2027-01-01', textHash: 'x', createdAt: T0 }), false);
    assert.equal((await ctx.store.aua.getVersion('2026-1'))?.effectiveFrom, '2026-09-01');
    const s = await ctx.store.aua.sign({ email: 'T@s.t', version: '2026-1', signedAt: T0, platform: 'teams' });
    await ctx.store.aua.sign({ email: 't@s.t', version: '2026-1', signedAt: new Date(T0.getTime() + 1), platform: 'slack' });
    assert.deepEqual((await ctx.store.aua.signatures('t@s.t'))[0], { ...s, email: 't@s.t' });
    assert.equal((await ctx.store.aua.signatures()).length, 2);
    assert.equal('update' in ctx.store.aua, false);
  });

  it('updates a reminder only at the version read, and leases due reminders to one sweeper at a time', async () => {
    const row = { key: 'aua:t@s.t', dutyId: 'aua', subjectEmail: 't@s.t', dueDate: '2026-11-23', dueAt: T0, lastRemindedAt: null, level: null, snoozedUntil: null, snoozeReason: null, snoozedBy: null };
    assert.equal(await ctx.store.reminders.addIfMissing(row), true);
    assert.equal(await ctx.store.reminders.addIfMissing(row), false);
    const stored = (await ctx.store.reminders.getByKey('aua:t@s.t'))!;
    assert.ok(await ctx.store.reminders.update({ ...stored, level: -7 }));
    assert.equal(await ctx.store.reminders.update({ ...stored, level: 0 }), null, 'a stale version is refused');
    const other = await ctx.open();
    const [a, b] = await Promise.all([ctx.store.reminders.claimDue(T0, 'A', 30_000, 10), other.reminders.claimDue(T0, 'B', 30_000, 10)]);
    assert.equal(a.length + b.length, 1);
    assert.deepEqual(await ctx.store.reminders.claimDue(new Date(T0.getTime() + 29_999), 'C', 30_000, 10), []);
    assert.equal((await ctx.store.reminders.claimDue(new Date(T0.getTime() + 30_000), 'C', 30_000, 10)).length, 1, 'an expired lease is free again');
  });

  it('stores filtering requests with optimistic versions and lists those whose period has ended', async () => {
    const base = { requesterEmail: 't@s.t', url: 'https://example.org', reason: 'Lesson', fromDate: '2026-11-23', untilDate: '2026-11-24', status: 'approved' as const, decidedBy: 'd@s.t', decidedAt: T0, decisionNote: null, changedAt: null, reblockRemindedAt: null, reblockedAt: null, reblockedBy: null, createdAt: T0 };
    const r = await ctx.store.filterRequests.add(base);
    await ctx.store.filterRequests.add({ ...base, status: 'refused' });
    assert.deepEqual((await ctx.store.filterRequests.listReblockDue('2026-11-24', 10)).length, 0);
    assert.deepEqual((await ctx.store.filterRequests.listReblockDue('2026-11-25', 10)).map((x) => x.id), [r.id]);
    assert.ok(await ctx.store.filterRequests.update({ ...r, reblockRemindedAt: T0 }));
    assert.equal(await ctx.store.filterRequests.update({ ...r, status: 'reblocked' }), null);
    assert.deepEqual(await ctx.store.filterRequests.listReblockDue('2026-11-25', 10), []);
  });

  describe('the duty sweep', () => {
    it('sends each reminder exactly once when two sweepers run at the same time on one database', async () => {
      const clock = new FakeClock(MONDAY_10AM);
      const a = depsOn(ctx.store, clock);
      const b = depsOn(await ctx.open(), clock);
      const [ra, rb] = await Promise.all([sweepDuties(a, { owner: 'A' }), sweepDuties(b, { owner: 'B' })]);
      const rows = await ctx.store.reminders.list();
      const expected = rows.reduce((n, r) => n + recipientsOf(a, r).length, 0);
      assert.ok(expected > 10);
      const sent = (await pending(ctx.store)).filter((m) => m.kind === MESSAGE_KINDS.dutyReminder);
      assert.equal(sent.length, expected);
      assert.equal(ra.reminders + rb.reminders, expected, 'between them the sweepers sent each reminder once');
      assert.equal(new Set(sent.map((m) => m.dedupeKey)).size, sent.length);
      assert.ok(rows.every((r) => r.level === 0 && r.leaseOwner === null));
      // Both run again in the same minute: nothing new.
      const again = await Promise.all([sweepDuties(a, { owner: 'A' }), sweepDuties(b, { owner: 'B' })]);
      assert.equal(again[0].reminders + again[1].reminders, 0);
    });

    it('after a sweeper dies holding leases, another sends those reminders once the leases expire, and only once', async () => {
      const clock = new FakeClock(MONDAY_10AM);
      const deps = depsOn(ctx.store, clock);
      // First sweep creates the rows and sends the due-day reminders; a week later they are due again.
      await sweepDuties(deps, { owner: 'A' });
      assert.ok((await pending(ctx.store)).length > 0);
      clock.set(new Date('2026-11-30T10:00:00Z'));
      const crashed = await ctx.store.reminders.claimDue(clock.now(), 'dead', 60_000, 1000);
      assert.ok(crashed.length > 0);
      const restarted = depsOn(await ctx.open(), clock);
      assert.equal((await sweepDuties(restarted, { owner: 'B' })).reminders, 0, 'rows leased by the dead sweeper wait');
      clock.advance(60_000);
      const r = await sweepDuties(restarted, { owner: 'B' });
      assert.equal(r.reminders, crashed.reduce((n, row) => n + recipientsOf(deps, row).length, 0));
      clock.advance(60_000);
      assert.equal((await sweepDuties(restarted, { owner: 'C' })).reminders, 0);
      // pending() leased the first round's rows: what it finds now is only what the restarted sweeper enqueued.
      assert.equal((await pending(ctx.store)).filter((m) => m.kind === MESSAGE_KINDS.dutyReminder).length, r.reminders);
    });

    it('catches up once after the bot was down for weeks, and tells the headteacher of long-overdue duties', async () => {
      const clock = new FakeClock(MONDAY_10AM);
      const deps = depsOn(ctx.store, clock);
      await sweepDuties(deps, { owner: 'A' });
      clock.set(new Date('2027-01-25T10:00:00Z')); // nine weeks later: seven weekly stages and the escalation missed
      const r = await sweepDuties(deps, { owner: 'A' });
      const rows = await ctx.store.reminders.list();
      assert.equal(r.reminders, rows.reduce((n, row) => n + recipientsOf(deps, row).length, 0), 'one message per recipient, not one per missed week');
      assert.ok(r.escalations > 0);
      const escalations = (await pending(ctx.store)).filter((m) => m.kind === MESSAGE_KINDS.dutyEscalation);
      assert.ok(escalations.every((m) => m.recipient.type === 'person' && m.recipient.email === 'hana.head@school.test' || (m.recipient.type === 'person' && m.recipient.email === 'chris.chair@school.test')));
      assert.equal((await sweepDuties(deps, { owner: 'A' })).escalations, 0);
    });
  });
}

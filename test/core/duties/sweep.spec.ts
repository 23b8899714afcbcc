import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openStore } from '../../../src/store';
import type { Store } from '../../../src/core/ports';
import type { CoreDeps } from '../../../src/core/deps';
import type { OutboxMessage } from '../../../src/core/model';
import { sweepDuties } from '../../../src/core/duties/sweep';
import { MESSAGE_KINDS } from '../../../src/core/notify/enqueue';
import { rendered } from '../../helpers/outbox';
import { FakeClock } from '../../helpers/clock';
import { dropCreatedSchema } from '../../helpers/pg-schema';
import { EMAILS, testSchool } from '../../helpers/school';

const PG = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const FAR = new Date('2099-01-01T00:00:00Z');

/** Every outbox row not yet sent (claimed far in the future, so nothing is left out). */
async function pending(store: Store): Promise<OutboxMessage[]> {
  return store.outbox.claimDue(FAR, `test-${Math.random()}`, 1000, 10_000);
}
const to = (m: OutboxMessage) => (m.recipient.type === 'person' ? m.recipient.email : m.recipient.type);
const textOf = (card: unknown) => JSON.stringify(card);

for (const engine of ['SQLite', 'PostgreSQL'] as const) {
  describe(`duties: the sweep's escalations and the grace period (${engine})`, function () {
    let stores: Store[] = [];
    const schema = `duties_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
    const dir = `/tmp/duties-sweep-${schema}.sqlite`;
    let clock: FakeClock;

    beforeEach(async function () {
      clock = new FakeClock(new Date('2026-11-23T10:00:00Z'));
      try {
        const open = () => (engine === 'SQLite' ? openStore(`sqlite:${dir}`, { create: true }) : openStore(PG, { schema, create: true }));
        stores = [await open(), await open()];
      } catch (err) {
        if (engine === 'PostgreSQL' && process.env.REQUIRE_POSTGRES !== '1') {
          console.warn(`PostgreSQL duties sweep tests skipped: ${(err as Error).message}. Set TEST_DATABASE_URL (and REQUIRE_POSTGRES=1 in CI).`);
          this.skip();
        }
        throw err;
      }
    });
    afterEach(async () => {
      const opened = stores.splice(0);
      for (const s of opened) await s.close();
      if (engine === 'PostgreSQL' && opened.length) await dropCreatedSchema(schema, PG);
      for (const suffix of ['', '-wal', '-shm', '.initialised']) fs.rmSync(dir + suffix, { force: true });
    });

    const depsOf = (store: Store, duties: Record<string, unknown>): CoreDeps => ({ store, clock, school: testSchool({ duties }) });

    it('tells the headteacher once, in one digest, however many people and duties are long overdue — even with two sweepers at once', async () => {
      const duties = { new_staff_grace_days: 0, escalate_after_days: 28 };
      const [a, b] = stores.map((s) => depsOf(s, duties));
      await sweepDuties(a, { owner: 'a' });
      await pending(a.store); // the first reminders, out of the way
      clock.set(new Date('2026-12-21T10:00:00Z')); // 28 days overdue: every never-done duty escalates now
      const [ra, rb] = await Promise.all([sweepDuties(a, { owner: 'a', batch: 3 }), sweepDuties(b, { owner: 'b', batch: 3 })]);
      const rows = await pending(a.store);
      const escalations = rows.filter((m) => m.kind === MESSAGE_KINDS.dutyEscalation);
      // The headteacher for everyone else; the chair of governors for the headteacher's own duties (never the head about themselves).
      assert.deepEqual(escalations.map(to).sort(), [EMAILS.chair, EMAILS.head].sort());
      assert.equal(ra.escalations + rb.escalations, 2, 'one digest per recipient between the two sweepers');
      const reminders = rows.filter((m) => m.kind === MESSAGE_KINDS.dutyReminder && to(m) === EMAILS.teacher);
      assert.equal(reminders.length, 2, 'the teacher still gets a reminder per duty (AUA and training)');

      const head = await rendered(a, escalations.find((m) => to(m) === EMAILS.head)!);
      assert.equal(head.text, 'Long-overdue duties: a digest');
      assert.match(textOf(head.card), /10 people and 5 school reviews are long overdue \(28 days or more\)/);
      assert.match(textOf(head.card), /Tom Teacher — overdue by 28 days/);
      assert.doesNotMatch(textOf(head.card), /Hana Head/, 'the headteacher’s own duties go to the chair');
      const chair = await rendered(a, escalations.find((m) => to(m) === EMAILS.chair)!);
      assert.match(textOf(chair.card), /1 person is long overdue/);
      assert.match(textOf(chair.card), /Hana Head — overdue by 28 days/);

      // Later the same day, and the next day, nothing new escalates: no more digests.
      clock.set(new Date('2026-12-21T15:00:00Z'));
      assert.equal((await sweepDuties(b, { owner: 'b' })).escalations, 0);
      clock.set(new Date('2026-12-22T10:00:00Z'));
      assert.equal((await sweepDuties(a, { owner: 'a' })).escalations, 0);
      assert.equal((await pending(a.store)).filter((m) => m.kind === MESSAGE_KINDS.dutyEscalation).length, 0);
    });

    it('gives staff with no start date the grace period (default 28 days) from when the bot first saw them, not overdue on its first day', async () => {
      const deps = depsOf(stores[0], {});
      await sweepDuties(deps, { owner: 'a' });
      const first = (await pending(deps.store)).filter((m) => m.kind === MESSAGE_KINDS.dutyReminder && to(m) === EMAILS.teacher);
      const rows = await deps.store.reminders.list();
      const tomAua = rows.find((r) => r.key === `aua:${EMAILS.teacher}`)!;
      assert.equal(tomAua.dueDate, '2026-12-21', 'first seen 23 November + 28 days');
      // The 30-day lead reminder has passed, so one heads-up per duty now — "due in 28 days", never "overdue".
      for (const m of first) assert.match(textOf((await rendered(deps, m)).card), /due in 28 days/);
      clock.set(new Date('2026-11-24T10:00:00Z'));
      assert.equal((await sweepDuties(deps, { owner: 'a' })).reminders, 0, 'nothing the next day');
      clock.set(new Date('2026-12-21T10:00:00Z'));
      const due = await sweepDuties(deps, { owner: 'a' });
      assert.ok(due.reminders > 0, 'due on the day the grace period ends');
      // Only the school reviews with no date in the school file (due from first sight) are long overdue by now: no person is.
      const digest = (await pending(deps.store)).filter((m) => m.kind === MESSAGE_KINDS.dutyEscalation && to(m) === EMAILS.head);
      assert.equal(due.escalations, 1);
      const text = textOf((await rendered(deps, digest[0])).card);
      assert.match(text, /"5 school reviews are long overdue/);
      assert.doesNotMatch(text, /Tom Teacher|people|person/);
    });

    it('sends one reminder, not two a day apart, when the bot was down for the 7-day reminder and came back the day before the due day', async () => {
      const deps = depsOf(stores[0], {});
      const nia = 'nia.new@school.test';
      clock.set(new Date('2027-02-01T10:00:00Z')); // Monday, 30 days before she starts
      const now = clock.now();
      // The AUA and induction training are both due on her start date (002 §6: before contact with pupils).
      await deps.store.staff.upsert({ email: nia, name: 'Nia New', role: 'staff', startDate: '2027-03-03', source: 'import', createdAt: now, updatedAt: now });
      const hers = async () => (await pending(deps.store)).filter((m) => m.kind === MESSAGE_KINDS.dutyReminder && to(m) === nia);
      await sweepDuties(deps, { owner: 'a' });
      assert.equal((await hers()).length, 2, 'the 30-day heads-up for each duty');
      // The bot is down from 22 February to 1 March, missing the 7-day stage (24 February); back on Tuesday 2 March.
      clock.set(new Date('2027-03-02T10:00:00Z'));
      await sweepDuties(deps, { owner: 'a' });
      const caughtUp = await hers();
      assert.equal(caughtUp.length, 2, 'one catch-up per duty');
      for (const m of caughtUp) assert.match(textOf((await rendered(deps, m)).card), /due in 1 day/);
      clock.set(new Date('2027-03-03T10:00:00Z'));
      await sweepDuties(deps, { owner: 'a' });
      assert.deepEqual(await hers(), [], 'no second reminder on the due day, the day after the catch-up');
      clock.set(new Date('2027-03-10T10:00:00Z'));
      await sweepDuties(deps, { owner: 'a' });
      const overdue = await hers();
      assert.equal(overdue.length, 2, 'a week overdue: reminded again');
      for (const m of overdue) assert.match(textOf((await rendered(deps, m)).card), /overdue by 7 days/);
    });

    it('uses a start date when one is known (a CSV import), with no grace period', async () => {
      const deps = depsOf(stores[0], {});
      const now = clock.now();
      await deps.store.staff.upsert({ email: 'nia.new@school.test', name: 'Nia New', role: 'staff', startDate: '2026-11-23', source: 'import', createdAt: now, updatedAt: now });
      await sweepDuties(deps, { owner: 'a' });
      const nia = (await deps.store.reminders.list()).find((r) => r.key === 'aua:nia.new@school.test')!;
      assert.equal(nia.dueDate, '2026-11-23', 'the AUA before contact with pupils (002 §6)');
    });
  });
}

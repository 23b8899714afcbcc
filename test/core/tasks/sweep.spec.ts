import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openStore } from '../../../src/store';
import type { Store } from '../../../src/core/ports';
import type { CoreDeps } from '../../../src/core/deps';
import type { OutboxMessage } from '../../../src/core/model';
import { MESSAGE_KINDS } from '../../../src/core/notify/enqueue';
import { flagQuietConcerns, sweepTasks } from '../../../src/core/tasks/sweep';
import { rendered } from '../../helpers/outbox';
import { FakeClock } from '../../helpers/clock';
import { dropCreatedSchema } from '../../helpers/pg-schema';
import { EMAILS, testSchool } from '../../helpers/school';
import { newIncident } from '../../store/support/fixtures';

const PG = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const FAR = new Date('2099-01-01T00:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Every outbox row not yet sent (claimed far in the future, so nothing is left out). */
const pending = (store: Store): Promise<OutboxMessage[]> => store.outbox.claimDue(FAR, `test-${Math.random()}`, 1000, 10_000);
const to = (m: OutboxMessage) => (m.recipient.type === 'person' ? m.recipient.email : m.recipient.type);
const count = (rows: OutboxMessage[]) => {
  const out: Record<string, number> = {};
  for (const m of rows) out[`${m.kind} ${to(m)} ${String(m.payload.taskId ?? '')}`] = (out[`${m.kind} ${to(m)} ${String(m.payload.taskId ?? '')}`] ?? 0) + 1;
  return out;
};

for (const engine of ['SQLite', 'PostgreSQL'] as const) {
  describe(`tasks: the sweep reminds once and escalates once (${engine})`, function () {
    let stores: Store[] = [];
    const schema = `tasks_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
    const file = `/tmp/tasks-sweep-${schema}.sqlite`;
    let clock: FakeClock;
    let deps: CoreDeps[];

    beforeEach(async function () {
      clock = new FakeClock(new Date('2026-11-23T10:00:00Z'));
      try {
        const open = () => (engine === 'SQLite' ? openStore(`sqlite:${file}`, { create: true }) : openStore(PG, { schema, create: true }));
        stores = [await open(), await open()];
      } catch (err) {
        if (engine === 'PostgreSQL' && process.env.REQUIRE_POSTGRES !== '1') this.skip();
        throw err;
      }
      const school = testSchool();
      deps = stores.map((store) => ({ store, clock, school }));
    });
    afterEach(async () => {
      const opened = stores.splice(0);
      for (const s of opened) await s.close();
      if (engine === 'PostgreSQL' && opened.length) await dropCreatedSchema(schema, PG);
      for (const suffix of ['', '-wal', '-shm', '.initialised']) fs.rmSync(file + suffix, { force: true });
    });

    /** A concern with `n` tasks for the first deputy, due in an hour. */
    async function tasks(n: number) {
      const incident = await stores[0]!.incidents.create(newIncident({ reportedAt: clock.now(), reporterEmail: EMAILS.teacher }), 'OS', 2026);
      const due = new Date(clock.now().getTime() + HOUR);
      const made = [];
      for (let i = 0; i < n; i++) made.push(await stores[0]!.tasks.add({ incidentId: incident.id, title: `Phone mum ${i}`, ownerEmail: EMAILS.deputy1, dueAt: due, createdBy: EMAILS.dsl, createdAt: clock.now() }));
      return { incident, tasks: made, due };
    }

    it('sends each due task one reminder to its owner and each overdue one one escalation per decider, with two sweepers at once', async () => {
      const { tasks: made, due } = await tasks(120);
      // Before it is due: nothing.
      await Promise.all([sweepTasks(deps[0]!, 'a'), sweepTasks(deps[1]!, 'b')]);
      assert.equal((await pending(stores[0]!)).length, 0);
      clock.set(due);
      const [ra, rb] = await Promise.all([sweepTasks(deps[0]!, 'a'), sweepTasks(deps[1]!, 'b')]);
      assert.equal(ra.reminded + rb.reminded, 120, 'every task reminded, by one sweeper or the other');
      const reminders = await pending(stores[0]!);
      assert.equal(reminders.length, 120);
      assert.ok(Object.values(count(reminders)).every((n) => n === 1), 'each task once');
      assert.ok(reminders.every((m) => m.kind === MESSAGE_KINDS.taskDue && to(m) === EMAILS.deputy1));
      // Again, and again later the same day: nothing more until the escalation time.
      await Promise.all([sweepTasks(deps[0]!, 'a'), sweepTasks(deps[1]!, 'b')]);
      clock.set(new Date(due.getTime() + 23 * HOUR));
      await Promise.all([sweepTasks(deps[0]!, 'a'), sweepTasks(deps[1]!, 'b')]);
      assert.equal((await pending(stores[0]!)).length, 0);
      // 24 hours after it was due and still open: the DSL and the other deputy are told, once each; never the owner again.
      clock.set(new Date(due.getTime() + 24 * HOUR));
      await Promise.all([sweepTasks(deps[0]!, 'a'), sweepTasks(deps[1]!, 'b'), sweepTasks(deps[0]!, 'c')]);
      const escalations = await pending(stores[0]!);
      assert.equal(escalations.length, 240);
      assert.ok(Object.values(count(escalations)).every((n) => n === 1));
      assert.deepEqual([...new Set(escalations.map(to))].sort(), [EMAILS.deputy2, EMAILS.dsl].sort());
      const events = await stores[0]!.events.listByIncident(made[0]!.incidentId);
      assert.equal(events.filter((e) => e.type === 'task_overdue').length, 120, 'the chronology says each was escalated, once');
      clock.set(new Date(due.getTime() + 30 * DAY));
      await sweepTasks(deps[0]!, 'a');
      assert.equal((await pending(stores[0]!)).length, 0, 'and nothing after that');
    });

    it('sends both the reminder and the escalation at once for a task found long overdue (the server was down), not the escalation a day later', async () => {
      const { due } = await tasks(1);
      clock.set(new Date(due.getTime() + 3 * DAY));
      await sweepTasks(deps[0]!, 'a');
      const rows = await pending(stores[0]!);
      assert.deepEqual(rows.map((m) => `${m.kind} ${to(m)}`).sort(), [`task.due ${EMAILS.deputy1}`, `task.overdue ${EMAILS.deputy2}`, `task.overdue ${EMAILS.dsl}`].sort());
      const card = await rendered(deps[0]!, rows.find((m) => m.kind === MESSAGE_KINDS.taskOverdue)!);
      assert.match(JSON.stringify(card.card), /A task is overdue: Dev Deputy has not marked it done/);
      assert.match(JSON.stringify(card.card), /Phone mum 0/);
    });

    it('reminds nobody of a task done before it was due, or of a task on a concern since closed', async () => {
      const { tasks: [done, onClosed], due } = await tasks(2);
      assert.equal(await stores[0]!.tasks.complete(done!.id, EMAILS.deputy1, clock.now(), 'Spoke to mum'), true);
      assert.equal(await stores[0]!.tasks.complete(done!.id, EMAILS.dsl, clock.now(), 'again'), false, 'done once');
      const incident = (await stores[0]!.incidents.get(onClosed!.incidentId))!;
      await stores[0]!.incidents.update({ ...incident, status: 'closed', closedAt: clock.now() });
      clock.set(new Date(due.getTime() + 3 * DAY));
      await sweepTasks(deps[0]!, 'a');
      assert.equal((await pending(stores[0]!)).length, 0);
    });

    it('flags an open concern quiet for 14 days to its owner once per quiet spell, and not a closed one or a busy one', async () => {
      const quiet = await stores[0]!.incidents.create(newIncident({ reportedAt: clock.now(), ownerEmail: EMAILS.deputy1 }), 'OS', 2026);
      const unowned = await stores[0]!.incidents.create(newIncident({ reportedAt: clock.now() }), 'OS', 2026);
      const closed = await stores[0]!.incidents.create(newIncident({ reportedAt: clock.now(), status: 'closed' }), 'OS', 2026);
      for (const i of [quiet, unowned, closed]) await stores[0]!.events.add({ incidentId: i.id, at: clock.now(), actorEmail: EMAILS.teacher, type: 'reported', data: {} });
      clock.set(new Date(clock.now().getTime() + 13 * DAY));
      // Opening it is not working on it; a refused click is not either.
      await stores[0]!.events.add({ incidentId: quiet.id, at: clock.now(), actorEmail: EMAILS.dsl, type: 'viewed', data: {} });
      assert.equal(await flagQuietConcerns(deps[0]!), 0);
      clock.set(new Date(clock.now().getTime() + 1 * DAY + 1000));
      assert.equal(await flagQuietConcerns(deps[0]!), 2);
      assert.equal(await flagQuietConcerns(deps[1]!), 0, 'once per quiet spell');
      const rows = await pending(stores[0]!);
      assert.deepEqual(rows.filter((m) => m.incidentId === quiet.id).map(to), [EMAILS.deputy1], 'the owner');
      assert.deepEqual(rows.filter((m) => m.incidentId === unowned.id).map(to).sort(), [EMAILS.deputy1, EMAILS.deputy2, EMAILS.dsl].sort(), 'no owner: those who decide');
      const card = await rendered(deps[0]!, rows.find((m) => m.incidentId === quiet.id)!);
      assert.match(JSON.stringify(card.card), /has had no activity since Mon, 23 Nov 2026, 10:00/);
      // A note starts the clock again: quiet for another 14 days flags it again; the other is still in the same quiet spell.
      await stores[0]!.events.add({ incidentId: quiet.id, at: clock.now(), actorEmail: EMAILS.deputy1, type: 'add_note', data: { note: 'Spoke to mum' } });
      clock.set(new Date(clock.now().getTime() + 15 * DAY));
      assert.equal(await flagQuietConcerns(deps[0]!), 1);
      assert.deepEqual((await pending(stores[0]!)).map((m) => [m.incidentId, to(m)]), [[quiet.id, EMAILS.deputy1]]);
    });
  });
}

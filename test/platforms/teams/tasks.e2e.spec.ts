/**
 * Issue #11 in Teams: tasks after a report — added from the details view with an owner and a due
 * time, reminded to the owner when due, escalated to the DSL when overdue, done with a note from the
 * reminder — each in the concern's chronology; and a concern left quiet flagged to its owner.
 */
import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, actionData, cardText, reportPupil, cardsSince, mark } from '../../helpers/bot-harness';
import { inputById } from '../../cards/walk';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('teams: tasks after a report', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
    await reportPupil(h, 'teacher', { what: 'Sam was sent unkind messages after school.' });
    await h.deliver();
  });
  afterEach(async () => h.close());

  const openDetails = async (who: 'dsl' | 'deputy' = 'dsl') => (await h.click(who, 'incident.view', actionData(h.cardsTo(CHANNEL_ID)[0], 'incident.view'))).value;
  const addTask = async (card: unknown, inputs: Record<string, unknown>, who: 'dsl' | 'teacher' | 'deputy' = 'dsl') => (await h.click(who, 'incident.add_task', actionData(card, 'incident.add_task'), inputs)).value;

  it('adds a task for a deputy, reminds them when it is due, escalates to the DSL when overdue, and records it done with a note', async () => {
    const details = await openDetails();
    const owners = inputById(details, 'task_owner');
    assert.deepEqual((owners.choices as { title: string }[]).map((c) => c.title), ['Dana DSL', 'Dev Deputy', 'Olly OSL'], 'only those who work on the concern');
    assert.equal(owners.value, h.users.dsl.email, 'the person adding it, unless they choose someone else');
    const since = mark(h);
    const added = await addTask(details, { task_title: 'Phone mum', task_owner: h.users.deputy.email, task_due_date: '2026-11-24', task_due_time: '16:00' });
    assert.match(cardText(added), /Task added for Dev Deputy, due Tue, 24 Nov 2026, 16:00/);
    assert.match(cardText(added), /Tasks\n☐ Phone mum\nDev Deputy — due Tue, 24 Nov 2026, 16:00/);
    assert.match(cardText(added), /Task added: Phone mum/, 'in the chronology');
    await h.deliver();
    assert.match(cardText(cardsSince(h, 'deputy', since)), /Dana DSL gave you a task[\s\S]*Phone mum/);

    // Due: the deputy is reminded, once.
    h.clock.set(new Date('2026-11-24T16:00:00Z'));
    let m = mark(h);
    await h.deliver();
    await h.deliver();
    const reminders = cardsSince(h, 'deputy', m);
    assert.equal(reminders.length, 1);
    assert.match(cardText(reminders[0]), /A task is due[\s\S]*Phone mum[\s\S]*Mark done/);
    assert.equal(cardsSince(h, 'dsl', m).length, 0);

    // Overdue by the school's 24 hours: the DSL is told, the chronology says so, the owner is not told again.
    h.clock.set(new Date('2026-11-25T16:00:00Z'));
    m = mark(h);
    await h.deliver();
    const overdue = cardsSince(h, 'dsl', m);
    assert.equal(overdue.length, 1);
    assert.match(cardText(overdue[0]), /A task is overdue: Dev Deputy has not marked it done/);
    assert.equal(cardsSince(h, 'deputy', m).length, 0);
    assert.match(cardText(await openDetails()), /Phone mum\nDev Deputy — due Tue, 24 Nov 2026, 16:00 — OVERDUE[\s\S]*Task overdue: Phone mum — the DSL team was told/);

    // Done from the reminder, with a note: the record shows who and what; a second "done" changes nothing.
    const done = await h.click('deputy', 'task.done', actionData(reminders[0], 'task.done'), { done_note: 'Spoke to mum: she will keep the phone downstairs at night.' });
    assert.match(cardText(done.value), /Task done: Phone mum/);
    assert.match(cardText(done.value), /☑ Phone mum\nDone by Dev Deputy, Wed, 25 Nov 2026, 16:00 — Spoke to mum: she will keep the phone downstairs at night\./);
    const twice = await h.click('dsl', 'task.done', actionData(reminders[0], 'task.done'), { done_note: 'also done' });
    assert.match(cardText(twice.value), /already marked done by Dev Deputy/);
    const [incident] = await h.app.deps.store.incidents.listOpen(1);
    const types = (await h.app.deps.store.events.listByIncident(incident!.id)).map((e) => e.type);
    assert.deepEqual(types.filter((t) => t.startsWith('task_')), ['task_added', 'task_overdue', 'task_done']);
  });

  it('asks again kindly, keeping nothing, for a task with no title, a time gone by or an owner who does not work on the concern', async () => {
    const details = await openDetails();
    const empty = await addTask(details, { task_title: ' ', task_owner: h.users.teacher.email, task_due_date: '2026-11-20' });
    const text = cardText(empty);
    assert.match(text, /Please say what needs doing/);
    assert.match(text, /Please choose who will do it, from the people who work on this concern/);
    assert.match(text, /That time has already passed/);
    const noDate = await addTask(details, { task_title: 'Review the filtering rule', task_owner: h.users.dsl.email });
    assert.match(cardText(noDate), /Please give the day it is due/);
    const [incident] = await h.app.deps.store.incidents.listOpen(1);
    assert.deepEqual(await h.app.deps.store.tasks.listByIncident(incident!.id), []);
    // A day without a time is due at the school's default (17:00).
    const dayOnly = await addTask(details, { task_title: 'Review the filtering rule', task_owner: h.users.dsl.email, task_due_date: '2026-11-27' });
    assert.match(cardText(dayOnly), /due Fri, 27 Nov 2026, 17:00/);
  });

  it('refuses a task from someone outside the DSL team, and records the attempt', async () => {
    const details = await openDetails();
    const forged = await h.click('teacher', 'incident.add_task', actionData(details, 'incident.add_task'), { task_title: 'x', task_owner: h.users.teacher.email, task_due_date: '2026-12-01' });
    assert.match(String(forged.value), /don't have access/);
    const [incident] = await h.app.deps.store.incidents.listOpen(1);
    assert.deepEqual(await h.app.deps.store.tasks.listByIncident(incident!.id), []);
    assert.ok((await h.app.deps.store.events.listByIncident(incident!.id)).some((e) => e.type === 'unauthorised_attempt' && e.data.action === 'add_task'));
  });

  it('marks a task done from the details view, choosing which', async () => {
    let details = await openDetails();
    details = await addTask(details, { task_title: 'Phone mum', task_owner: h.users.dsl.email, task_due_date: '2026-11-24' });
    details = await addTask(details, { task_title: 'Check back with social care', task_owner: h.users.deputy.email, task_due_date: '2026-11-25' });
    const which = inputById(details, 'done_task');
    assert.deepEqual((which.choices as { title: string }[]).map((c) => c.title), ['Phone mum (Dana DSL, due Tue, 24 Nov 2026, 17:00)', 'Check back with social care (Dev Deputy, due Wed, 25 Nov 2026, 17:00)']);
    const second = (which.choices as { value: string }[])[1]!.value;
    const noNote = await h.click('dsl', 'incident.task_done', actionData(details, 'incident.task_done'), { done_task: second, done_note: '' });
    assert.match(cardText(noNote.value), /Please add a note of what was done/);
    const done = await h.click('dsl', 'incident.task_done', actionData(noNote.value, 'incident.task_done'), { done_task: second, done_note: 'Social care will visit on Monday.' });
    assert.match(cardText(done.value), /☑ Check back with social care\nDone by Dana DSL/);
    assert.match(cardText(done.value), /☐ Phone mum/);
  });

  it('flags a concern left with no activity for 14 days to its owner, once', async () => {
    const details = await openDetails('deputy');
    await h.click('deputy', 'incident.own', actionData(details, 'incident.own'));
    h.clock.advance(14 * DAY + HOUR);
    const m = mark(h);
    await h.deliver();
    h.clock.advance(HOUR);
    await h.deliver();
    const flagged = cardsSince(h, 'deputy', m);
    assert.equal(flagged.length, 1);
    assert.match(cardText(flagged[0]), /OS-\d{4}-\d{4} has had no activity since[\s\S]*Please add a note of where it stands/);
    assert.equal(cardsSince(h, 'dsl', m).length, 0, 'the owner, not everyone');
  });
});

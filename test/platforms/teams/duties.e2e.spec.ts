import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { remindersRun } from '../../helpers/cli';
import { Harness, actionData, cardText, cardsSince, mark, type Who } from '../../helpers/bot-harness';

const DUTIES_YAML = `
duties:
  lead_days: [30, 7]
  new_staff_grace_days: 0   # these tests follow a duty from the day first seen; the grace period has its own tests
  escalate_after_days: 28
  holidays:
    - { from: 2026-12-19, to: 2027-01-03, name: Christmas }
  aua:
    version: "2026-1"
    file: aua.md
    effective_from: 2026-09-01
  policy_review: { next: 2026-12-01 }
  filtering_approval: { approvers: [headteacher, dsl] }
`;

/** Turns duties on in the harness school (and makes the online safety lead the ICT lead too), then restarts. */
async function withDuties(h: Harness): Promise<void> {
  const file = path.join(h.dir, 'school.yaml');
  const yaml = fs.readFileSync(file, 'utf8').replace('roles: [online_safety_lead]', 'roles: [online_safety_lead, ict_lead]');
  fs.writeFileSync(file, yaml + DUTIES_YAML);
  fs.writeFileSync(path.join(h.dir, 'aua.md'), '# Staff AUA\n\nI will only use school systems for professional purposes.\n\nI will report any concern to the DSL.\n');
  await h.restart();
}

const cliRun = (h: Harness, at: string) => remindersRun(h, at);

const titled = (cards: unknown[], re: RegExp) => cards.filter((c) => re.test(cardText(c)));

describe('teams: duties on time — reminders, signing, completion, digest, escalation, filtering', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
    await withDuties(h);
  });
  afterEach(async () => h.close());

  it('reminds a teacher once through the CLI (--at), who reads and signs the AUA and records training in the chat', async () => {
    const since = mark(h);
    const out = await cliRun(h, '2026-11-23T10:00:00Z');
    assert.match(out, /Delivered through Teams/);
    const cards = cardsSince(h, 'teacher', since);
    const aua = titled(cards, /Acceptable use agreement.*due today/)[0];
    const training = titled(cards, /Safeguarding and online safety training.*due today/)[0];
    assert.ok(aua && training, cards.map((c) => cardText(c).slice(0, 80)).join(' | '));
    assert.equal(cards.length, 2, 'one reminder per duty');

    // A second run in the same minute, and the server's own round, send nothing more.
    await cliRun(h, '2026-11-23T10:00:30Z');
    await h.deliver();
    assert.equal(cardsSince(h, 'teacher', since).length, 2);

    const open = await h.click('teacher', 'duty.aua', actionData(aua, 'duty.aua'));
    assert.match(cardText(open.value), /only use school systems for professional purposes/);
    const signed = await h.click('teacher', 'duty.sign', actionData(open.value, 'duty.sign'));
    assert.match(cardText(signed.value), /agreed to version 2026-1/);

    const done = await h.click('teacher', 'duty.complete', actionData(training, 'duty.complete'), { completedOn: '2026-11-20', certificateRef: 'NSPCC-123' });
    assert.match(cardText(done.value), /Recorded: Safeguarding and online safety training, done on 2026-11-20/);

    await h.say('teacher', 'status');
    const status = cardText(h.cardsTo(h.dm('teacher')).at(-1));
    assert.match(status, /Acceptable use agreement: due in 365 days/);
    assert.match(status, /Safeguarding and online safety training: due in 362 days/);
  });

  it('catches up once after weeks down: one reminder, the headteacher told, the DSL’s digest — and nothing in the holiday', async () => {
    await cliRun(h, '2026-11-23T10:00:00Z');
    const since = mark(h);
    // Christmas Day: the holiday keeps everyone's phone quiet.
    assert.match(await cliRun(h, '2026-12-25T10:00:00Z'), /0 reminders, 0 escalations, 0 digests/);
    assert.equal(cardsSince(h, 'teacher', since).length, 0);
    // First school day after: one catch-up reminder per duty (not one per missed week), and the escalation.
    await cliRun(h, '2027-01-04T10:00:00Z');
    const teacher = cardsSince(h, 'teacher', since);
    assert.equal(teacher.length, 2);
    assert.match(cardText(teacher[0]), /overdue by 42 days/);
    // The headteacher gets one digest of everyone long overdue, not one message per person and duty.
    const head = titled(cardsSince(h, 'head', since), /Long overdue duties/);
    assert.equal(head.length, 1);
    assert.match(cardText(head[0]), /^7 people and 5 school reviews are long overdue \(28 days or more\)/m);
    assert.match(cardText(head[0]), /Acceptable use agreement: \d+[\s\S]*Tom Teacher — overdue by 42 days/);
    const digest = titled(cardsSince(h, 'dsl', since), /Weekly duties digest/);
    assert.equal(digest.length, 1);
    assert.match(cardText(digest[0]), /Tom Teacher — Acceptable use agreement: overdue/);
    assert.match(cardText(digest[0]), /Online safety policy review: overdue/);
    // A second sweep later that day sends nothing new.
    const again = mark(h);
    await cliRun(h, '2027-01-04T15:00:00Z');
    assert.equal(cardsSince(h, 'teacher', again).length + cardsSince(h, 'head', again).length + cardsSince(h, 'dsl', again).length, 0);
  });

  it('shows the DSL compliance at a glance and lets them record training for someone', async () => {
    await h.say('dsl', 'safeguard status');
    const cards = h.cardsTo(h.dm('dsl'));
    const glance = cards.find((c) => /Compliance at a glance/.test(cardText(c)));
    assert.ok(glance);
    assert.match(cardText(glance), /Safeguarding training current: \d+%/);
    const r = await h.click('dsl', 'duty.record_for', actionData(glance, 'duty.record_for'), { forEmail: h.users.tara.email, dutyId: 'staff_training', completedOn: '2026-11-02' });
    assert.match(cardText(r.value), /Recorded: Safeguarding and online safety training for Tara Teacher/);
    const denied = await h.click('teacher', 'duty.record_for', {}, { forEmail: h.users.tara.email, dutyId: 'staff_training', completedOn: '2026-11-02' });
    assert.match(JSON.stringify(denied.value), /Only the DSL team/);
  });

  it('takes a request to unblock a site to approval, tells the ICT lead, and reminds them to re-block when the period ends', async () => {
    await cliRun(h, '2026-11-23T10:00:00Z'); // the first round of duty reminders, out of the way
    await h.say('teacher', 'unblock');
    const form = h.cardsTo(h.dm('teacher')).at(-1);
    const sent = await h.click('teacher', 'filter.request', actionData(form, 'filter.request'), { url: 'https://www.example.org/volcanoes', reason: 'Year 5 geography lesson', fromDate: '2026-11-24', untilDate: '2026-11-25' });
    assert.match(cardText(sent.value), /has gone to the headteacher or the DSL to approve/);
    const since = mark(h);
    await h.deliver();
    const ask = cardsSince(h, 'head', since)[0];
    assert.match(cardText(ask), /Request to unblock a website[\s\S]*volcanoes/);
    const approved = await h.click('head', 'filter.approve', actionData(ask, 'filter.approve'), { note: 'Educational; risk assessed' });
    assert.match(cardText(approved.value), /Approved and logged/);
    const late = await h.click('dsl', 'filter.refuse', actionData(ask, 'filter.approve'), { note: 'No' });
    assert.match(cardText(late.value), /already approved/);

    await h.deliver();
    assert.match(cardText(cardsSince(h, 'teacher', since).at(-1)), /Your unblock request was approved/);
    const ict: Who = 'osl';
    const change = titled(cardsSince(h, ict, since), /Please unblock this website/)[0];
    assert.ok(change);
    assert.match(cardText((await h.click(ict, 'filter.confirm', actionData(change, 'filter.confirm'))).value), /unblocked until 2026-11-25/);

    const before = mark(h);
    await cliRun(h, '2026-11-25T16:00:00Z');
    assert.equal(titled(cardsSince(h, ict, before), /block this website again/).length, 0, 'not before the period ends');
    await cliRun(h, '2026-11-26T09:00:00Z');
    const reblock = titled(cardsSince(h, ict, before), /block this website again/);
    assert.equal(reblock.length, 1);
    assert.match(cardText((await h.click(ict, 'filter.confirm', actionData(reblock[0], 'filter.confirm'))).value), /is blocked again/);
    await cliRun(h, '2026-11-27T09:00:00Z');
    assert.equal(titled(cardsSince(h, ict, before), /block this website again/).length, 1, 'reminded once');
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../helpers/cli';
import { Harness, TEAM_ID, actionData, cardText, cardsSince, mark } from '../../helpers/bot-harness';
import { BOT, conversationUpdate, postActivity, teamsUser } from '../../helpers/teams-activities';

const DUTIES_YAML = `
duties:
  lead_days: [30, 7]
  new_staff_grace_days: 0   # these tests follow a duty from the day first seen; the grace period has its own tests
  staff_team_id: "${TEAM_ID}"
  aua:
    version: "2026-1"
    effective_from: 2026-09-01
`;

async function withDuties(h: Harness): Promise<void> {
  const file = path.join(h.dir, 'school.yaml');
  const yaml = fs.readFileSync(file, 'utf8').replace('roles: [online_safety_lead]', 'roles: [online_safety_lead, ict_lead]');
  fs.writeFileSync(file, yaml + DUTIES_YAML);
  await h.restart();
}

const cli = (h: Harness, args: string[]) => runCli(h, args);

async function sweepAt(h: Harness, at: string): Promise<void> {
  h.clock.set(new Date(at));
  const r = await cli(h, ['reminders', 'run', '--at', at]);
  assert.equal(r.code, 0, r.out + r.err);
}

const nina = teamsUser('nina', { name: 'Nina New' });
const NINA = 'nina@school.example';
/** Cards delivered to Nina (a 1:1 chat the bot created from the roster). */
const ninaCards = (h: Harness, since: number) => {
  const chat = h.fake.conversationFor(nina.id);
  return chat ? h.fake.sent.filter((c) => c.seq > since && c.conversationId === chat && c.status < 300).flatMap((c) => ((c.activity as { attachments?: { content: unknown }[] } | undefined)?.attachments ?? []).map((a) => a.content)) : [];
};
const botJoinsStaffTeam = (h: Harness) => postActivity(h.app.url, conversationUpdate({ serviceUrl: h.fake.url, user: h.users.head, team: { teamId: TEAM_ID }, membersAdded: [{ id: BOT.id, name: BOT.name }] }));

describe('teams: duties roster, leavers, snoozes, staff import and answers that keep the card', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
    await withDuties(h);
    h.fake.addUser(nina);
  });
  afterEach(async () => h.close());

  it('records the staff team’s members when the bot is added as existing staff (no start date), with duties due from that day after the grace period (0 here)', async () => {
    await botJoinsStaffTeam(h);
    const record = await h.app.deps.store.staff.get(NINA);
    assert.equal(record?.source, 'roster');
    assert.equal(record?.startDate, null, 'the first day’s roster is existing staff: the bot does not know when they started');
    const since = mark(h);
    await sweepAt(h, '2026-11-23T10:00:00Z');
    const texts = ninaCards(h, since).map(cardText);
    assert.ok(texts.some((t) => /Acceptable use agreement: due today/.test(t)), texts.join(' | '));
    assert.ok(texts.some((t) => /Safeguarding and online safety training: due today/.test(t)));
  });

  it('records someone who joins the staff team after the first day as a newcomer, with induction due from the day they joined', async () => {
    await botJoinsStaffTeam(h);
    const omar = teamsUser('omar', { name: 'Omar Newstart' });
    h.fake.addUser(omar);
    h.clock.set(new Date('2026-11-30T09:00:00Z'));
    await postActivity(h.app.url, conversationUpdate({ serviceUrl: h.fake.url, user: h.users.head, team: { teamId: TEAM_ID }, membersAdded: [{ id: omar.id, name: omar.name }] }));
    const record = await h.app.deps.store.staff.get('omar@school.example');
    assert.equal(record?.startDate, '2026-11-30');
    assert.equal((await h.app.deps.store.staff.get(NINA))?.startDate, null, 'the first day’s members keep no start date');
  });

  it('stops a leaver’s reminders when they leave the staff team, and keeps their record', async () => {
    await botJoinsStaffTeam(h);
    await sweepAt(h, '2026-11-23T10:00:00Z');
    h.clock.set(new Date('2026-11-24T10:00:00Z'));
    await postActivity(h.app.url, conversationUpdate({ serviceUrl: h.fake.url, user: h.users.head, team: { teamId: TEAM_ID }, membersRemoved: [{ id: nina.id, name: nina.name }] }));
    const record = await h.app.deps.store.staff.get(NINA);
    assert.equal(record?.leftOn, '2026-11-24', 'the record stays, marked as left');
    const since = mark(h);
    await sweepAt(h, '2026-11-30T10:00:00Z');
    assert.equal(ninaCards(h, since).length, 0, 'no overdue reminder for a leaver');
    assert.ok(cardsSince(h, 'teacher', since).length > 0, 'the others are still reminded');
    const rows = (await h.app.deps.store.reminders.list()).filter((r) => r.subjectEmail === NINA);
    assert.ok(rows.length > 0 && rows.every((r) => r.dueAt === null), 'reminder rows stay, stopped');
    await h.say('dsl', 'status');
    assert.doesNotMatch(cardText(h.cardsTo(h.dm('dsl')).find((c) => /Compliance at a glance/.test(cardText(c)))), /Nina New/);
  });

  it('takes a snooze only with a reason, which the DSL sees, and sends no reminder of that duty until the date', async () => {
    const since = mark(h);
    await sweepAt(h, '2026-11-23T10:00:00Z');
    const training = cardsSince(h, 'teacher', since).find((c) => /Safeguarding and online safety training/.test(cardText(c)));
    const noReason = await h.click('teacher', 'duty.snooze', actionData(training, 'duty.snooze'), { snoozeReason: ' ', snoozeUntil: '2026-12-10' });
    assert.match(cardText(noReason.value), /Please give a reason/);
    assert.match(JSON.stringify(noReason.value), /duty\.snooze/, 'the card stays, with its snooze form');
    const ok = await h.click('teacher', 'duty.snooze', actionData(training, 'duty.snooze'), { snoozeReason: 'Course booked for 9 December', snoozeUntil: '2026-12-10' });
    assert.match(cardText(ok.value), /Snoozed until 2026-12-10/);
    await h.say('dsl', 'status');
    const glance = cardText(h.cardsTo(h.dm('dsl')).find((c) => /Compliance at a glance/.test(cardText(c))));
    assert.match(glance, /Snoozed reminders[\s\S]*Tom Teacher — Safeguarding and online safety training: due today \(snoozed: Course booked for 9 December\)/);
    const week = mark(h);
    await sweepAt(h, '2026-11-30T10:00:00Z');
    const texts = cardsSince(h, 'teacher', week).map(cardText);
    assert.equal(texts.filter((t) => /Safeguarding and online safety training/.test(t)).length, 0, 'snoozed');
    assert.equal(texts.filter((t) => /Acceptable use agreement/.test(t)).length, 1, 'other duties are still reminded');
  });

  it('keeps the card, with the reason, when an answer cannot be accepted', async () => {
    const since = mark(h);
    await sweepAt(h, '2026-11-23T10:00:00Z');
    const training = cardsSince(h, 'teacher', since).find((c) => /Safeguarding and online safety training/.test(cardText(c)));
    const future = await h.click('teacher', 'duty.complete', actionData(training, 'duty.complete'), { completedOn: '2026-12-20' });
    assert.equal(future.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText(future.value), /cannot be in the future[\s\S]*Safeguarding and online safety training/);
    assert.match(JSON.stringify(future.value), /duty\.complete/);
    await h.say('teacher', 'unblock');
    const form = h.cardsTo(h.dm('teacher')).at(-1);
    const badUrl = await h.click('teacher', 'filter.request', actionData(form, 'filter.request'), { url: 'volcanoes', reason: 'Geography', fromDate: '2026-11-24', untilDate: '2026-11-25' });
    assert.match(cardText(badUrl.value), /full web address/);
    assert.match(JSON.stringify(badUrl.value), /filter\.request/, 'the form stays');
    assert.equal((await h.app.deps.store.filterRequests.list()).length, 0);
  });

  it('imports staff from a CSV through the CLI all or nothing, with every problem by line, and stops a leaver’s reminders', async () => {
    const header = 'email,name,role,start_date,last_training_date,last_aua_date,left_date';
    const bad = path.join(h.dir, 'bad.csv');
    fs.writeFileSync(bad, [header, 'nina@school.example,Nina New,staff,2026-11-01,,,', 'bad,X,teacher,2026-02-30,,,', 'zed@school.example,Zed,staff,,,'].join('\n'));
    const refused = await cli(h, ['staff', 'import', bad]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /4 problems; nothing was imported/);
    assert.match(refused.err, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: email "bad" is not an email address`));
    assert.match(refused.err, /:3: start_date "2026-02-30"/);
    assert.match(refused.err, /:4: expected 7 fields, found 6/);
    assert.equal(await h.app.deps.store.staff.get(NINA), null, 'nothing imported');

    await botJoinsStaffTeam(h);
    const good = path.join(h.dir, 'good.csv');
    fs.writeFileSync(good, [header, 'nina@school.example,Nina New,staff,2026-11-01,2026-11-02,2026-11-02,2026-11-20', 'zed@school.example,"Zed, Zee",ict_lead,2026-11-01,,,'].join('\n'));
    const done = await cli(h, ['staff', 'import', good]);
    assert.equal(done.code, 0, done.err);
    assert.match(done.out, /Imported 2 staff, 1 training records and 1 AUA signatures; 1 marked as left/);
    assert.equal((await h.app.deps.store.staff.get('zed@school.example'))?.name, 'Zed, Zee');
    assert.equal((await h.app.deps.store.staff.get(NINA))?.leftOn, '2026-11-20');
    const since = mark(h);
    await sweepAt(h, '2026-11-23T10:00:00Z');
    assert.equal(ninaCards(h, since).length, 0, 'a leaver is not reminded');
  });

  it('records an unblock the ICT lead confirms only after the re-block reminder as blocked and closed, never as unblocked', async () => {
    await sweepAt(h, '2026-11-23T10:00:00Z');
    await h.say('teacher', 'unblock');
    const form = h.cardsTo(h.dm('teacher')).at(-1);
    await h.click('teacher', 'filter.request', actionData(form, 'filter.request'), { url: 'https://www.example.org/volcanoes', reason: 'Year 5 geography lesson', fromDate: '2026-11-24', untilDate: '2026-11-25' });
    const since = mark(h);
    await h.deliver();
    const ask = cardsSince(h, 'head', since)[0];
    await h.click('head', 'filter.approve', actionData(ask, 'filter.approve'), { note: 'Educational; risk assessed' });
    await h.deliver();
    const change = cardsSince(h, 'osl', since).find((c) => /Please unblock this website/.test(cardText(c)));
    assert.ok(change, 'the ICT lead is told, and does not confirm');

    await sweepAt(h, '2026-11-26T09:00:00Z');
    const reblock = cardsSince(h, 'osl', since).filter((c) => /block this website again/.test(cardText(c)));
    assert.equal(reblock.length, 1, 'reminded to re-block even though the unblock was never confirmed');
    assert.ok(actionData(reblock[0], 'filter.confirm').requestId, 'with a button to confirm it is blocked');
    // The ICT lead now clicks the old "I have unblocked it".
    const late = await h.click('osl', 'filter.confirm', actionData(change, 'filter.confirm'));
    assert.match(cardText(late.value), /recorded as blocked and the request is closed/);
    assert.doesNotMatch(cardText(late.value), /unblocked until/);
    const [req] = await h.app.deps.store.filterRequests.list();
    assert.equal(req.status, 'reblocked');
    assert.equal(req.changedAt, null, 'never recorded as unblocked');
    assert.equal(req.reblockedBy, h.users.osl.email);
    const again = await h.click('osl', 'filter.confirm', actionData(reblock[0], 'filter.confirm'));
    assert.match(cardText(again.value), /Already re-blocked and logged/);
    const after = mark(h);
    await sweepAt(h, '2026-11-27T09:00:00Z');
    assert.equal(cardsSince(h, 'osl', after).filter((c) => /block this website again/.test(cardText(c))).length, 0);
  });
});

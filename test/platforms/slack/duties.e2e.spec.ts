import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { remindersRun } from '../../helpers/cli';
import type { SlackCall } from '../../helpers/fake-slack-api';
import { SlackHarness, PEOPLE, blockText, buttonIn, type Who } from '../../helpers/slack-harness';

type Obj = Record<string, unknown>;
const STAFF_CHANNEL = 'CSTAFF';

const DUTIES_YAML = `
duties:
  lead_days: [30, 7]
  new_staff_grace_days: 0   # these tests follow a duty from the day first seen; the grace period has its own tests
  escalate_after_days: 28
  slack_staff_channel_id: ${STAFF_CHANNEL}
  holidays:
    - { from: 2026-12-19, to: 2027-01-03, name: Christmas }
  aua:
    version: "2026-1"
    file: aua.md
    effective_from: 2026-09-01
  policy_review: { next: 2026-12-01 }
  filtering_approval: { approvers: [headteacher, dsl] }
`;

/** Turns duties on (the online safety lead is the ICT lead too), puts everyone in the staff channel, and restarts. */
async function withDuties(h: SlackHarness): Promise<void> {
  const file = path.join(h.dir, 'school.yaml');
  const yaml = fs.readFileSync(file, 'utf8').replace('roles: [online_safety_lead]', 'roles: [online_safety_lead, ict_lead]');
  fs.writeFileSync(file, yaml + DUTIES_YAML);
  fs.writeFileSync(path.join(h.dir, 'aua.md'), '# Staff AUA\n\nI will only use school systems for professional purposes.\n\nI will report any concern to the DSL.\n');
  h.fake.setMembers(STAFF_CHANNEL, Object.keys(PEOPLE).map((k) => h.ids[k as Who]));
  await h.restart();
}

/** One sweep through the CLI, as of `at`; the app's clock moves there too. */
const cliRun = (h: SlackHarness, at: string) => remindersRun(h, at, { moveClock: true });

/** Direct messages posted to a person since `mark`. */
const dms = (h: SlackHarness, who: Who, mark: number): SlackCall[] => h.posts(h.dm(who), mark);
const titled = (posts: SlackCall[], re: RegExp) => posts.filter((p) => re.test(blockText(p.args.blocks)));
const blocksOf = (p: SlackCall) => p.args.blocks as Obj[];

/** Clicks a button of a DM message; returns the modal the bot opened (or null). */
async function clickDm(h: SlackHarness, who: Who, post: SlackCall, actionId: string): Promise<Obj> {
  const m = h.fake.mark();
  await h.clickMessage(who, h.dm(who), String(post.seq), buttonIn(blocksOf(post), actionId));
  const opened = h.fake.since(m).filter((c) => c.method === 'views.open');
  assert.equal(opened.length, 1, `one modal opened for ${actionId}`);
  return { ...(opened[0].args.view as Obj), id: `V-${opened[0].seq}` };
}

/** Submits a modal; returns the text of the view it was updated to. */
async function submitText(h: SlackHarness, who: Who, view: Obj, values: Obj = {}): Promise<string> {
  const res = await h.submit(who, view, values);
  const body = res.body as Obj;
  assert.equal(body.response_action, 'update', JSON.stringify(body).slice(0, 300));
  return blockText(body.view);
}

/** Types /safeguard with `text`, as Slack posts a slash command. */
async function safeguard(h: SlackHarness, who: Who, text = ''): Promise<void> {
  const form = new URLSearchParams({ command: '/safeguard', text, user_id: h.ids[who], team_id: 'T1', channel_id: 'CGENERAL', trigger_id: `trigger-sg-${Date.now()}`, response_url: 'http://127.0.0.1:9/unused' });
  const res = await h.post(form.toString(), 'application/x-www-form-urlencoded');
  assert.equal(res.status, 200);
}

describe('slack: duties on time — reminders, signing, completion, digest, escalation, filtering', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
    await withDuties(h);
  });
  afterEach(async () => h.close());

  it('reminds a teacher once through the CLI (--at), who reads and signs the AUA and records training from the DM', async () => {
    const since = h.fake.mark();
    assert.match(await cliRun(h, '2026-11-23T10:00:00Z'), /Delivered through Slack/);
    const posts = dms(h, 'teacher', since);
    const aua = titled(posts, /Acceptable use agreement.*due today/)[0];
    const training = titled(posts, /Safeguarding and online safety training.*due today/)[0];
    assert.ok(aua && training, posts.map((p) => blockText(p.args.blocks).slice(0, 80)).join(' | '));
    assert.equal(posts.length, 2, 'one reminder per duty');
    assert.equal(aua.args.text, 'A duty reminder');

    // A second run in the same minute, and the server's own round, send nothing more.
    await cliRun(h, '2026-11-23T10:00:30Z');
    await h.deliver();
    assert.equal(dms(h, 'teacher', since).length, 2);

    const agreement = await clickDm(h, 'teacher', aua, 'duty.aua');
    assert.match(blockText(agreement), /only use school systems for professional purposes/);
    assert.match(await submitText(h, 'teacher', agreement), /agreed to version 2026-1/);

    const form = await clickDm(h, 'teacher', training, 'show:duty.complete');
    assert.match(await submitText(h, 'teacher', form, { completedOn: '2026-11-20', certificateRef: 'NSPCC-123' }), /Recorded: Safeguarding and online safety training, done on 2026-11-20/);

    const m = h.fake.mark();
    await safeguard(h, 'teacher');
    const status = dms(h, 'teacher', m).map((p) => blockText(p.args.blocks)).join('\n');
    assert.match(status, /Acceptable use agreement: due in 365 days/);
    assert.match(status, /Safeguarding and online safety training: due in 362 days/);
  });

  it('keeps the form open with the reason when a completion date is in the future, and takes a snooze the DSL can see', async () => {
    const since = h.fake.mark();
    await cliRun(h, '2026-11-23T10:00:00Z');
    const training = titled(dms(h, 'teacher', since), /Safeguarding and online safety training/)[0];
    const form = await clickDm(h, 'teacher', training, 'show:duty.complete');
    const refused = await submitText(h, 'teacher', form, { completedOn: '2026-12-20' });
    assert.match(refused, /cannot be in the future/);
    assert.match(refused, /I have done this training/, 'the card stays, with its buttons');

    const snooze = await clickDm(h, 'teacher', training, 'show:duty.snooze');
    assert.match(await submitText(h, 'teacher', snooze, { snoozeReason: 'Course booked for 1 December', snoozeUntil: '2026-12-01' }), /Snoozed until 2026-12-01/);
    const m = h.fake.mark();
    await safeguard(h, 'dsl', 'status');
    assert.match(dms(h, 'dsl', m).map((p) => blockText(p.args.blocks)).join('\n'), /Tom Teacher — Safeguarding and online safety training: due today \(snoozed: Course booked for 1 December\)/);
  });

  it('answers an unknown /safeguard word with the commands it knows, privately, and changes nothing', async () => {
    const m = h.fake.mark();
    await safeguard(h, 'teacher', 'dance');
    const calls = h.fake.since(m).filter((c) => c.method.startsWith('chat.') || c.method.startsWith('views.'));
    assert.deepEqual(calls.map((c) => c.method), ['chat.postEphemeral']);
    assert.match(String(calls[0].args.text), /\/safeguard status[\s\S]*\/safeguard aua[\s\S]*\/safeguard unblock/);
  });

  it('catches up once after weeks down: one reminder, the headteacher told, the DSL’s weekly digest — and nothing in the holiday', async () => {
    await cliRun(h, '2026-11-23T10:00:00Z');
    const since = h.fake.mark();
    assert.match(await cliRun(h, '2026-12-25T10:00:00Z'), /0 reminders, 0 escalations, 0 digests/);
    assert.equal(dms(h, 'teacher', since).length, 0);
    await cliRun(h, '2027-01-04T10:00:00Z');
    const teacher = dms(h, 'teacher', since);
    assert.equal(teacher.length, 2);
    assert.match(blockText(teacher[0].args.blocks), /overdue by 42 days/);
    const escalations = titled(dms(h, 'head', since), /Long overdue duties/);
    assert.equal(escalations.length, 1, 'one digest for the headteacher');
    assert.equal(escalations[0].args.text, 'Long-overdue duties: a digest');
    assert.match(blockText(escalations[0].args.blocks), /Acceptable use agreement: \d+[\s\S]*Tom Teacher — overdue by 42 days/);
    const digest = titled(dms(h, 'dsl', since), /Weekly duties digest/);
    assert.equal(digest.length, 1);
    assert.equal(digest[0].args.text, 'Your weekly duties digest');
    assert.match(blockText(digest[0].args.blocks), /Tom Teacher — Acceptable use agreement: overdue/);
    assert.match(blockText(digest[0].args.blocks), /Online safety policy review: overdue/);
    const again = h.fake.mark();
    await cliRun(h, '2027-01-04T15:00:00Z');
    assert.equal(dms(h, 'teacher', again).length + dms(h, 'head', again).length + dms(h, 'dsl', again).length, 0);
  });

  it('takes /safeguard unblock to approval, tells the ICT lead, and reminds them once to re-block when the period ends', async () => {
    await cliRun(h, '2026-11-23T10:00:00Z');
    await safeguard(h, 'teacher', 'unblock');
    const form = h.lastView();
    assert.match(blockText(form), /Ask to unblock a website/);
    assert.match(await submitText(h, 'teacher', form, { url: 'https://www.example.org/volcanoes', reason: 'Year 5 geography lesson', fromDate: '2026-11-24', untilDate: '2026-11-25' }), /has gone to the headteacher or the DSL to approve/);
    const since = h.fake.mark();
    await h.deliver();
    const ask = titled(dms(h, 'head', since), /Request to unblock a website[\s\S]*volcanoes/)[0];
    assert.ok(ask);
    const approve = await clickDm(h, 'head', ask, 'show:filter.approve');
    assert.match(await submitText(h, 'head', approve, { note: 'Educational; risk assessed' }), /Approved and logged/);
    const dslAsk = titled(dms(h, 'dsl', since), /Request to unblock/)[0];
    const late = await clickDm(h, 'dsl', dslAsk, 'show:filter.refuse');
    assert.match(blockText(late), /Status: approved/, 'a decided request shows where it stands, with no form');

    await h.deliver();
    assert.match(blockText(dms(h, 'teacher', since).at(-1)!.args.blocks), /Your unblock request was approved/);
    const change = titled(dms(h, 'osl', since), /Please unblock this website/)[0];
    assert.ok(change);
    assert.match(blockText(await clickDm(h, 'osl', change, 'filter.confirm')), /unblocked until 2026-11-25/);

    const before = h.fake.mark();
    await cliRun(h, '2026-11-25T16:00:00Z');
    assert.equal(titled(dms(h, 'osl', before), /block this website again/).length, 0, 'not before the period ends');
    await cliRun(h, '2026-11-26T09:00:00Z');
    const reblock = titled(dms(h, 'osl', before), /block this website again/);
    assert.equal(reblock.length, 1);
    assert.match(blockText(await clickDm(h, 'osl', reblock[0], 'filter.confirm')), /is blocked again/);
    await cliRun(h, '2026-11-27T09:00:00Z');
    assert.equal(titled(dms(h, 'osl', before), /block this website again/).length, 1, 'reminded once');
  });
});

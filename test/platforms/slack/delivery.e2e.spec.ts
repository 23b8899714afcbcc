import assert from 'node:assert/strict';
import { SlackHarness, SLACK_CHANNEL, blockText, slackReportPupil, slackReportStaff, submitStep, type Who } from '../../helpers/slack-harness';

describe('slack: signed requests only, nothing lost, nothing sent twice', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
  });
  afterEach(async () => h.close());

  const hello = (who: Who, id: string, retry?: number) => h.event({ type: 'message', channel_type: 'im', channel: h.dm(who), user: h.ids[who], text: 'hello', ts: '1.1' }, id, retry);

  it('answers 401 to a forged signature and changes nothing', async () => {
    const res = await h.post(new URLSearchParams({ command: '/report', user_id: h.ids.teacher, team_id: 'T1', trigger_id: 't' }).toString(), 'application/x-www-form-urlencoded', { secret: 'not-the-secret' });
    assert.equal(res.status, 401);
    assert.deepEqual(h.fake.calls, []);
  });

  it('answers 401 to a correctly signed request replayed more than 5 minutes later', async () => {
    const res = await h.post(new URLSearchParams({ command: '/report', user_id: h.ids.teacher, team_id: 'T1', trigger_id: 't' }).toString(), 'application/x-www-form-urlencoded', { ageSeconds: 6 * 60 });
    assert.equal(res.status, 401);
    assert.deepEqual(h.fake.calls, []);
  });

  it('answers a retried event (X-Slack-Retry-Num, same event_id) only once', async () => {
    assert.equal((await hello('teacher', 'Ev-1')).status, 200);
    assert.equal((await hello('teacher', 'Ev-1', 1)).status, 200);
    assert.equal((await hello('teacher', 'Ev-1', 2)).status, 200);
    assert.equal(h.posts(h.dm('teacher')).length, 1);
    assert.match(String(h.posts(h.dm('teacher'))[0].args.text), /\/report/);
  });

  it('creates one incident and one set of notifications when the same review is submitted twice', async () => {
    await h.slash('teacher');
    let view = h.lastView();
    view = await submitStep(h, 'teacher', view, { category: 'other' });
    view = await submitStep(h, 'teacher', view, { immediate_danger: 'no' });
    const review = await submitStep(h, 'teacher', view, { what_happened: 'A parent emailed a worrying link.', how_known: 'told' });
    const first = await h.submit('teacher', review, {});
    const again = await h.submit('teacher', review, {});
    for (const r of [first, again]) assert.match(blockText(r.body), /OS-2026-0001/);
    await h.deliver();
    assert.equal(h.posts(SLACK_CHANNEL).length, 1);
    assert.equal(await h.app.deps.store.incidents.getByReference('OS-2026-0002'), null);
  });

  it('waits as long as Retry-After says after a 429, then posts the channel card once', async () => {
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 30 }, (a) => a.channel === SLACK_CHANNEL);
    await slackReportPupil(h, 'teacher');
    await h.deliver();
    const tries = () => h.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === SLACK_CHANNEL);
    assert.deepEqual(tries().map((c) => c.status), [429]);
    h.clock.advance(29_000);
    await h.deliver();
    assert.equal(tries().length, 1, 'not retried before Retry-After');
    h.clock.advance(2_000);
    await h.deliver();
    await h.deliver();
    assert.deepEqual(tries().map((c) => c.status), [429, 200]);
  });

  it('treats channel_not_found as final and sends the card to the DSL and deputies directly instead', async () => {
    for (const w of ['dsl', 'deputy'] as const) await hello(w, `Ev-${w}`);
    const since = h.fake.mark();
    h.fake.failNext('chat.postMessage', { error: 'channel_not_found' }, (a) => a.channel === SLACK_CHANNEL);
    await slackReportPupil(h, 'teacher');
    await h.deliver();
    await h.deliver();
    h.clock.advance(60 * 60_000);
    await h.deliver();
    assert.equal(h.fake.since(since).filter((c) => c.method === 'chat.postMessage' && c.args.channel === SLACK_CHANNEL).length, 1, 'never retried');
    assert.equal(h.posts(h.dm('dsl'), since).length, 1);
    assert.equal(h.posts(h.dm('deputy'), since).length, 1);
    assert.equal(h.posts(h.dm('osl'), since).length, 0);
  });

  it('treats account_inactive for the headteacher as final and asks the reporter to contact them directly', async () => {
    await hello('head', 'Ev-head');
    const since = h.fake.mark();
    h.fake.failNext('chat.postMessage', { error: 'account_inactive' }, (a) => a.channel === h.dm('head'));
    await slackReportStaff(h, 'teacher', { email: h.email('tara') });
    await h.deliver();
    await h.deliver();
    h.clock.advance(60 * 60_000);
    await h.deliver();
    assert.equal(h.fake.since(since).filter((c) => c.method === 'chat.postMessage' && c.args.channel === h.dm('head')).length, 1);
    const toReporter = h.posts(h.dm('teacher'), since);
    assert.equal(toReporter.length, 1);
    assert.match(blockText(toReporter[0].args.blocks), /contact the headteacher directly/);
    assert.equal(h.posts(SLACK_CHANNEL, since).length, 0);
  });

  it('delivers a notification queued when the bot stopped, after it starts again', async () => {
    await slackReportPupil(h, 'teacher');
    await h.restart();
    await h.deliver();
    assert.equal(h.posts(SLACK_CHANNEL).length, 1);
  });

  it('warns about a file sent by direct message and keeps nothing', async () => {
    await h.event({ type: 'message', subtype: 'file_share', channel_type: 'im', channel: h.dm('teacher'), user: h.ids.teacher, text: '', files: [{ id: 'F1' }], ts: '1.2' }, 'Ev-file');
    assert.match(String(h.posts(h.dm('teacher'))[0].args.text), /never store files/);
    assert.doesNotMatch(String(h.posts(h.dm('teacher'))[0].args.text), /please delete/i);
  });
});

import assert from 'node:assert/strict';
import { SlackHarness, SLACK_CHANNEL, blockText, buttonIn, submitStep, type Who } from '../../helpers/slack-harness';
import { dumpDatabase } from '../../helpers/db-dump';

const FILES = [{ id: 'F0SAMPHOTO', name: 'sam-photo-zq9.jpg', url_private: 'https://files.slack.example/sam-photo-zq9.jpg', mimetype: 'image/jpeg' }];
const FILE_TRACES = /sam-photo-zq9|F0SAMPHOTO|files\.slack\.example/;

describe('slack: a file sent to the bot (UKCIS: do not view, copy, forward or delete)', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
    for (const w of ['dsl', 'deputy', 'osl', 'head'] as const) await hello(w);
  });
  afterEach(async () => h.close());

  let n = 0;
  const hello = (who: Who) => h.event({ type: 'message', channel_type: 'im', channel: h.dm(who), user: h.ids[who], text: 'hello', ts: `1.${++n}` }, `Ev-hello-${who}-${n}`);
  const dmTexts = (who: Who, since: number) => h.posts(h.dm(who), since).map((c) => `${String(c.args.text ?? '')}\n${blockText(c.args.blocks)}`);

  it('tells Tom not to view, copy, forward or delete it, tells the DSL and deputy who and when, once per message, and keeps nothing of it', async () => {
    const since = h.fake.mark();
    const share = { type: 'message', subtype: 'file_share', channel_type: 'im', channel: h.dm('teacher'), user: h.ids.teacher, text: 'what do i do with this', files: FILES, ts: '1764680400.000100' };
    await h.event(share, 'Ev-file-1');
    const reply = h.posts(h.dm('teacher'), since).map((c) => String(c.args.text));
    assert.equal(reply.length, 1);
    assert.match(reply[0], /do not view it again, copy it, screenshot it, forward it or delete it/);
    assert.match(reply[0], /Speak to the DSL .* now/);
    assert.doesNotMatch(reply[0], /please delete|delete it from/i);

    // Slack retries the event (same event_id), and a second delivery of the same message comes with a new one.
    await h.event(share, 'Ev-file-1', 1);
    await h.event(share, 'Ev-file-2');
    await h.deliver();
    for (const who of ['dsl', 'deputy'] as const) {
      const notices = dmTexts(who, since);
      assert.equal(notices.length, 1, `${who} is told once`);
      assert.match(notices[0], /Tom Teacher sent a file in their direct message with the bot in Slack on Mon, 23 Nov 2026, 10:00/);
    }
    for (const who of ['osl', 'head'] as const) assert.equal(h.posts(h.dm(who), since).length, 0, `${who} is not told`);
    assert.equal(h.posts(SLACK_CHANNEL, since).length, 0, 'nothing in the DSL channel');
    assert.equal(h.fake.since(since).filter((c) => c.method.startsWith('files.')).length, 0, 'the bot never asks Slack for the file');

    assert.doesNotMatch(JSON.stringify(h.fake.since(since).filter((c) => c.method !== 'users.info')), FILE_TRACES);
    assert.doesNotMatch(await dumpDatabase(h.app.deps.store), FILE_TRACES);
  });

  it('treats a file put in the report modal the same way, and keeps none of it', async () => {
    await h.slash('teacher');
    const view = h.lastView();
    const since = h.fake.mark();
    const res = await h.interact({
      type: 'view_submission',
      user: { id: h.ids.teacher, team_id: 'T1' },
      team: { id: 'T1' },
      trigger_id: 't-file',
      view: { ...view, type: 'modal', state: { values: { b1: { evidence: { type: 'file_input', files: FILES } } } } },
    });
    const body = res.body as Record<string, unknown>;
    assert.equal(body.response_action, 'update');
    assert.match(blockText(body.view), /do not view it again, copy it, screenshot it, forward it or delete it/);
    await h.deliver();
    assert.match(dmTexts('dsl', since).join('\n'), /Tom Teacher sent a file/);
    assert.doesNotMatch(await dumpDatabase(h.app.deps.store), FILE_TRACES);
  });
});

describe('slack: an urgent report left unsent', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
    let n = 0;
    for (const w of ['dsl', 'deputy', 'head'] as const) await h.event({ type: 'message', channel_type: 'im', channel: h.dm(w), user: h.ids[w], text: 'hello', ts: `1.${++n}` }, `Ev-hello-${w}`);
  });
  afterEach(async () => h.close());

  it('tells the DSL and deputy after 15 minutes, reminds Tom once in his DM with a button back to the draft, and shows nothing he wrote', async () => {
    await h.slash('teacher');
    let view = h.lastView();
    view = await submitStep(h, 'teacher', view, { category: 'pupil' });
    view = await submitStep(h, 'teacher', view, { immediate_danger: 'yes' });
    view = await submitStep(h, 'teacher', view, { occurred_date: '2026-11-23', location: 'online_home' });
    await submitStep(h, 'teacher', view, { person1_name: 'Sam Quillby (Y5)', person1_group: 'pupil', person1_part: 'target' });
    const since = h.fake.mark();
    h.clock.advance(14 * 60_000);
    await h.deliver();
    assert.equal(h.posts(h.dm('dsl'), since).length, 0, 'nothing at 14 minutes');
    h.clock.advance(60_000);
    await h.deliver();
    await h.deliver();
    for (const who of ['dsl', 'deputy'] as const) {
      const posts = h.posts(h.dm(who), since);
      assert.equal(posts.length, 1, `${who} is alerted once`);
      const text = blockText(posts[0].args.blocks);
      assert.match(text, /Urgent report started but not sent \(draft D-[0-9A-F]{6}\)/);
      assert.match(text, /Tom Teacher started a report on Mon, 23 Nov 2026, 10:00/);
      assert.doesNotMatch(JSON.stringify(posts[0].args), /Quillby|online_home/);
    }
    assert.equal(h.posts(h.dm('head'), since).length, 0);
    assert.equal(h.posts(SLACK_CHANNEL, since).length, 0);
    const reminders = h.posts(h.dm('teacher'), since);
    assert.equal(reminders.length, 1);
    assert.match(blockText(reminders[0].args.blocks), /You started an urgent report and did not send it/);

    h.clock.advance(3 * 3600_000);
    await h.deliver();
    assert.equal(h.posts(h.dm('dsl'), since).length, 1, 'never again');
    assert.equal(h.posts(h.dm('teacher'), since).length, 1, 'reminded once');

    // The button opens the draft where Tom left it.
    const button = buttonIn(reminders[0].args.blocks as Record<string, unknown>[], 'report.next');
    await h.clickMessage('teacher', h.dm('teacher'), '1764680400.000200', button);
    assert.match(blockText(h.lastView()), /What kind of concern is it\?/);
  });
});

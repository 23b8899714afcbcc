import assert from 'node:assert/strict';
import { SlackHarness, SLACK_CHANNEL, blockText, buttonIn, slackReportPupil, submitStep } from '../../helpers/slack-harness';
import { MODAL_CALLBACK } from '../../../src/platforms/slack/interactions';

describe('slack: reporting a concern about a pupil in a modal, end to end', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
  });
  afterEach(async () => h.close());

  it('opens a modal at once on /report, then updates it to the first question', async () => {
    const res = await h.slash('teacher');
    assert.equal(res.status, 200);
    const [open, update] = h.fake.calls.filter((c) => c.method.startsWith('views.'));
    assert.equal(open.method, 'views.open');
    assert.match(String(open.args.trigger_id), /^trigger-/);
    assert.equal(update.method, 'views.update');
    assert.equal(update.args.view_id, 'V1');
    assert.match(blockText(update.args.view), /What is your concern about\?/);
    const users = h.fake.of('users.info');
    assert.equal(users.length, 1, 'the email is read once with users.info');
  });

  it('walks every step, shows the review, and posts a minimal card to the DSL team channel', async () => {
    const confirmation = await slackReportPupil(h, 'teacher', { what: 'Sam was sent threatening messages in a group chat.' });
    assert.match(confirmation, /OS-2026-0001/);
    await h.deliver();
    const posts = h.posts(SLACK_CHANNEL);
    assert.equal(posts.length, 1);
    const posted = JSON.stringify(posts[0].args);
    assert.match(posted, /OS-2026-0001/);
    assert.doesNotMatch(posted, /threatening|Sam|group chat/, 'no incident details in channel history');
    buttonIn(posts[0].args.blocks as never, 'incident.view');
    buttonIn(posts[0].args.blocks as never, 'incident.own');
  });

  it('keeps what was typed when the reporter steps back, and after a restart', async () => {
    await h.slash('teacher');
    let view = h.lastView();
    view = await submitStep(h, 'teacher', view, { category: 'filtering' });
    view = await submitStep(h, 'teacher', view, { immediate_danger: 'no' });
    assert.match(blockText(view), /Website address/);
    await h.clickInView('teacher', view, buttonIn(view, 'report.back'));
    const back = h.lastView();
    assert.equal(h.fake.calls.at(-1)!.method, 'views.update');
    assert.match(blockText(back), /immediate danger/);
    const radio = (back.blocks as { type: string; element?: { initial_option?: { value: string } } }[]).find((b) => b.type === 'input')!;
    assert.equal(radio.element?.initial_option?.value, 'no', 'the answer given is still chosen');

    await h.restart();
    await h.slash('teacher');
    const resumed = h.lastView();
    assert.match(blockText(resumed), /immediate danger/, 'the draft survived the restart, at the step it was at');
    const next = await submitStep(h, 'teacher', resumed, { immediate_danger: 'no' });
    const done = await submitStep(h, 'teacher', next, { problem: 'got_through', url: 'bad.example', device_room: 'Year 4 laptop 12', occurred_date: '2026-11-22' });
    assert.match(blockText(done), /bad\.example/);
    assert.match(blockText(await submitStep(h, 'teacher', done, {})), /OS-2026-0001/);
  });

  it('keeps the step open with a kind message when "when did it happen" is after today, and takes today', async () => {
    await h.slash('teacher'); // the harness clock reads 23 November 2026
    let view = h.lastView();
    view = await submitStep(h, 'teacher', view, { category: 'filtering' });
    view = await submitStep(h, 'teacher', view, { immediate_danger: 'no' });
    const fields = { problem: 'got_through', url: 'bad.example', device_room: 'Year 4 laptop 12' };
    const refused = await submitStep(h, 'teacher', view, { ...fields, occurred_date: '2026-11-24' });
    assert.match(blockText(refused), /That date is in the future/);
    assert.match(JSON.stringify(refused.blocks), /"initial_value":"Year 4 laptop 12"/, 'what was typed is kept');
    const review = await submitStep(h, 'teacher', refused, { ...fields, occurred_date: '2026-11-23' });
    assert.doesNotMatch(blockText(review), /in the future/);
    assert.match(blockText(review), /bad\.example/);
  });

  it('keeps the draft when the reporter closes the modal, and /report brings it back at the same step', async () => {
    await h.slash('teacher');
    let view = h.lastView();
    view = await submitStep(h, 'teacher', view, { category: 'other' });
    // Closing a modal sends nothing unless the app asks (notify_on_close): the draft stays in the database.
    const closed = await h.interact({ type: 'view_closed', user: { id: h.ids.teacher, team_id: 'T1' }, team: { id: 'T1' }, view: { ...view, callback_id: MODAL_CALLBACK }, is_cleared: true });
    assert.equal(closed.status, 200);
    h.clock.advance(60 * 60_000);
    await h.slash('teacher');
    assert.match(blockText(h.lastView()), /immediate danger/);
  });
});

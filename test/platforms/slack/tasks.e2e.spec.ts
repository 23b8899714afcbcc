/** Issue #11 on Slack: a task added from the details modal, reminded in the owner's DM when due, done from the reminder with a note. */
import assert from 'node:assert/strict';
import { SlackHarness, SLACK_CHANNEL, blockText, buttonIn, slackReportPupil, type Who } from '../../helpers/slack-harness';
import { SHOW_CARD_PREFIX } from '../../../src/platforms/slack/blockkit';

type Obj = Record<string, unknown>;

describe('slack: tasks after a report', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
    for (const who of ['teacher', 'dsl', 'deputy'] as Who[]) await h.event({ type: 'app_home_opened', user: h.ids[who], tab: 'home', channel: h.dm(who) }, `Ev-home-${who}`);
    await slackReportPupil(h, 'teacher');
    await h.deliver();
  });
  afterEach(async () => h.close());

  it('adds a task for a deputy from the details modal, reminds them in their DM when due, and takes "done" with a note from there', async () => {
    const card = h.posts(SLACK_CHANNEL)[0]!;
    const ts = String(h.fake.of('chat.postMessage').find((c) => c.args.channel === SLACK_CHANNEL)!.seq);
    await h.clickMessage('dsl', SLACK_CHANNEL, ts, buttonIn(card.args.blocks as Obj[], 'incident.view'));
    const details = h.lastView();
    let m = h.fake.mark();
    await h.clickInView('dsl', details, buttonIn(details.blocks as Obj[], `${SHOW_CARD_PREFIX}incident.add_task`));
    const form = { ...(h.fake.since(m).find((c) => c.method === 'views.push')!.args.view as Obj), id: 'V-task' };
    const added = await h.submit('dsl', form, { task_title: 'Phone mum', task_owner: h.email('deputy'), task_due_date: '2026-11-24', task_due_time: '16:00' });
    assert.match(blockText((added.body as { view?: unknown }).view), /Task added for Dev Deputy, due Tue, 24 Nov 2026, 16:00/);
    h.clock.set(new Date('2026-11-24T16:00:00Z'));
    m = h.fake.mark();
    await h.deliver();
    const dm = h.posts(h.dm('deputy'), m);
    const due = dm.find((c) => /A task is due/.test(blockText(c.args.blocks)));
    assert.ok(due, 'the reminder is in the deputy’s DM');
    assert.match(blockText(due.args.blocks), /Phone mum/);
    m = h.fake.mark();
    await h.clickMessage('deputy', h.dm('deputy'), String(due.seq), buttonIn(due.args.blocks as Obj[], `${SHOW_CARD_PREFIX}task.done`));
    const doneForm = { ...(h.fake.since(m).find((c) => c.method === 'views.open')!.args.view as Obj), id: 'V-done' };
    const done = await h.submit('deputy', doneForm, { done_note: 'Spoke to mum.' });
    assert.match(blockText((done.body as { view?: unknown }).view), /Task done: Phone mum[\s\S]*Done by Dev Deputy/);
  });

  it('records follow-up from the details modal, the reviews as checkboxes', async () => {
    const card = h.posts(SLACK_CHANNEL)[0]!;
    const ts = String(h.fake.of('chat.postMessage').find((c) => c.args.channel === SLACK_CHANNEL)!.seq);
    await h.clickMessage('dsl', SLACK_CHANNEL, ts, buttonIn(card.args.blocks as Obj[], 'incident.view'));
    const details = h.lastView();
    const m = h.fake.mark();
    await h.clickInView('dsl', details, buttonIn(details.blocks as Obj[], 'incident.follow_up_form'));
    const form: Obj = { ...(h.fake.since(m).find((c) => c.method === 'views.update')!.args.view as Obj), id: String(details.id) };
    const reviews = (form.blocks as Obj[]).find((b) => b.block_id === 'fu_reviews')?.element as Obj;
    assert.equal(reviews.type, 'checkboxes');
    const answer = await h.submit('dsl', form, { fu_parents: 'not_informed', fu_parents_reason: 'Social care advised not to tell dad yet.', fu_reviews: 'policy,filtering' });
    const shown = blockText((answer.body as { view?: unknown }).view);
    assert.match(shown, /Not informed — reason: Social care advised not to tell dad yet\./);
    assert.match(shown, /Online safety policy[\s\S]*Needs reviewing[\s\S]*Filtering or monitoring[\s\S]*Needs reviewing/);
  });
});

import assert from 'node:assert/strict';
import { SlackHarness, SLACK_CHANNEL, blockText, buttonIn, submitStep, type Who } from '../../helpers/slack-harness';

type Obj = Record<string, unknown>;
const HELEN = { email: 'helen.carter@slack-e2e.school', name: 'Helen Carter', roles: ['staff'] };
const SAM = { email: 'sam.cartwright@slack-e2e.school', name: 'Sam Cartwright', roles: ['staff'] };

describe('slack: choosing who a staff concern is about from an external_select of the school people', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start({}, { extraPeople: [HELEN, SAM] });
    for (const who of Object.keys(h.ids) as Who[]) await h.event({ type: 'app_home_opened', user: h.ids[who], tab: 'home', channel: h.dm(who) }, `Ev-home-${who}`);
  });
  afterEach(async () => h.close());

  /** Opens /report and answers up to the "who is it about" question; returns that modal. */
  async function toSubjectStep(who: Who): Promise<Obj> {
    await h.slash(who);
    let view = h.lastView();
    view = await submitStep(h, who, view, { category: 'staff' });
    return submitStep(h, who, view, { immediate_danger: 'no' });
  }

  const optionsOf = (body: unknown) => ((body as { options?: { text: { text: string }; value: string }[] }).options ?? []).map((o) => ({ title: o.text.text, value: o.value }));

  it('asks with an external_select that loads names from the bot, and a text box to describe someone else', async () => {
    const view = await toSubjectStep('teacher');
    const blocks = view.blocks as Obj[];
    const picker = blocks.find((b) => b.block_id === 'subject_email')!;
    const el = picker.element as Obj;
    assert.equal(el.type, 'external_select');
    assert.equal(el.action_id, 'subject_email');
    assert.ok(typeof el.min_query_length === 'number' && el.min_query_length >= 1);
    assert.equal(el.options, undefined, 'names come from the options handler, not the view');
    assert.ok(blocks.some((b) => b.block_id === 'subject_name'));
    assert.doesNotMatch(JSON.stringify(view), /Cartwright/, 'the modal does not list the whole school');
  });

  it('answers a block_suggestion for "cart" with Helen Carter and Sam Cartwright, and the way out', async () => {
    const view = await toSubjectStep('teacher');
    const res = await h.suggest('teacher', view, 'subject_email', 'cart');
    assert.equal(res.status, 200);
    assert.deepEqual(optionsOf(res.body), [
      { title: 'Helen Carter', value: HELEN.email },
      { title: 'Sam Cartwright', value: SAM.email },
      { title: 'Someone not on this list', value: 'other' },
    ]);
  });

  it('gives no names to someone without a report at that question', async () => {
    const view = await toSubjectStep('teacher');
    const stranger = await h.suggest('tara', view, 'subject_email', 'cart');
    assert.equal(stranger.status, 200);
    assert.deepEqual(optionsOf(stranger.body), []);
    const otherInput = await h.suggest('teacher', view, 'subject_name', 'cart');
    assert.deepEqual(optionsOf(otherInput.body), [], 'only a person picker searches');
  });

  it('refuses an unsigned options request', async () => {
    const view = await toSubjectStep('teacher');
    const body = new URLSearchParams({ payload: JSON.stringify({ type: 'block_suggestion', user: { id: h.ids.teacher }, team: { id: 'T1' }, action_id: 'subject_email', block_id: 'subject_email', value: 'cart', view }) }).toString();
    const res = await h.post(body, 'application/x-www-form-urlencoded', { secret: 'not-the-secret' });
    assert.equal(res.status, 401);
    assert.doesNotMatch(JSON.stringify(res.body), /Carter/);
  });

  it('saves the person picked from the options, shows them on the review, and routes to the headteacher as before', async () => {
    const since = h.fake.mark();
    let view = await toSubjectStep('teacher');
    const picked = optionsOf((await h.suggest('teacher', view, 'subject_email', 'Mrs Carter')).body)[0];
    assert.equal(picked.title, 'Helen Carter');
    view = await submitStep(h, 'teacher', view, { subject_email: picked.value });
    assert.match(blockText(view), /What happened/);
    const review = await submitStep(h, 'teacher', view, { what_happened: 'Took photos of pupils on her own phone.', occurred_date: '2026-11-19', how_known: 'seen', child_images: 'no' });
    assert.match(blockText(review), /Helen Carter/);
    assert.match(blockText(review), /headteacher/);
    assert.match(blockText(await submitStep(h, 'teacher', review, {})), /OS-2026-0001/);
    await h.deliver();
    assert.equal(h.posts(h.dm('head'), since).length, 1);
    for (const w of ['dsl', 'deputy', 'osl', 'chair', 'vice', 'tara'] as Who[]) assert.deepEqual(h.posts(h.dm(w), since), [], `${w} got something`);
    assert.deepEqual(h.posts(SLACK_CHANNEL, since), []);
  });

  it('shows the person already picked when the reporter comes back to the question', async () => {
    let view = await toSubjectStep('teacher');
    view = await submitStep(h, 'teacher', view, { subject_email: HELEN.email });
    await h.clickInView('teacher', view, buttonIn(view, 'report.back'));
    const back = h.lastView();
    const el = ((back.blocks as Obj[]).find((b) => b.block_id === 'subject_email')!.element as Obj);
    assert.deepEqual((el.initial_option as { value: string; text: { text: string } }).value, HELEN.email);
    assert.equal((el.initial_option as { text: { text: string } }).text.text, 'Helen Carter');
  });
});

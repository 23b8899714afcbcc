import assert from 'node:assert/strict';
import { SlackHarness, SLACK_CHANNEL, blockText, slackReportPupil, submitStep, type Who } from '../../helpers/slack-harness';

describe('slack: triage pages for the right things, and the UKCIS rule reaches the staff path', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
    for (const who of Object.keys(h.ids) as Who[]) await h.event({ type: 'app_home_opened', user: h.ids[who], tab: 'home', channel: h.dm(who) }, `Ev-home-${who}`);
  });
  afterEach(async () => h.close());

  const dmsTo = (who: Who, since: number) => h.posts(h.dm(who), since);

  it('does not page the DSL team for a copyright report, but flags it serious in the channel', async () => {
    const since = h.fake.mark();
    await slackReportPupil(h, 'teacher', { kinds: 'copyright', what: 'Year 6 are sharing a pirated film.' });
    await h.deliver();
    assert.deepEqual(dmsTo('dsl', since), []);
    assert.deepEqual(dmsTo('deputy', since), []);
    const posts = h.posts(SLACK_CHANNEL, since);
    assert.equal(posts.length, 1);
    const text = blockText(posts[0].args.blocks);
    assert.match(text, /SERIOUS/);
    assert.doesNotMatch(text, /URGENT/);
  });

  it('pages the DSL and every deputy at once for sextortion', async () => {
    const since = h.fake.mark();
    await slackReportPupil(h, 'teacher', { kinds: 'sextortion', what: 'Someone wants £200 or they post his photo.' });
    await h.deliver();
    assert.equal(dmsTo('dsl', since).length, 1);
    assert.equal(dmsTo('deputy', since).length, 1);
  });

  it("shows the UKCIS do's and don'ts on the staff path when images of a child are involved, and asks for them to be acknowledged", async () => {
    const since = h.fake.mark();
    await h.slash('teacher');
    let view = h.lastView();
    view = await submitStep(h, 'teacher', view, { category: 'staff' });
    view = await submitStep(h, 'teacher', view, { immediate_danger: 'no' });
    view = await submitStep(h, 'teacher', view, { subject_email: h.email('tara') });
    assert.match(blockText(view), /nudes, semi-nudes or sexual images of a child/);
    view = await submitStep(h, 'teacher', view, { what_happened: 'A colleague airdropped a photo of a pupil.', occurred_date: '2026-11-19', how_known: 'told', child_images: 'yes' });
    const text = blockText(view);
    for (const rule of [/Do not view, copy, screenshot, print, forward, save or delete/, /Do not ask the child, or anyone, to show it to you or send it/, /Do not question the child about the image/, /Do not blame/, /Tell the DSL now/]) assert.match(text, rule);
    const refused = await submitStep(h, 'teacher', view, {});
    assert.match(blockText(refused), /Please choose an answer/, 'the rule must be acknowledged');
    view = await submitStep(h, 'teacher', refused, { ukcis_ack: 'understood' });
    assert.match(blockText(view), /Someone told me about it/);
    await submitStep(h, 'teacher', view, {});
    await h.deliver();
    assert.ok(dmsTo('head', since).length >= 1, 'the headteacher is told');
    assert.deepEqual(dmsTo('dsl', since), []);
    assert.deepEqual(dmsTo('tara', since), []);
    assert.deepEqual(h.posts(SLACK_CHANNEL, since), []);
  });
});

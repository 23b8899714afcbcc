import assert from 'node:assert/strict';
import { SlackHarness, SLACK_CHANNEL, blockText, buttonIn, slackReportPupil, slackReportStaff, type Who } from '../../helpers/slack-harness';

describe('slack: concerns about staff reach only the right person, and urgent ones page', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
    // Everyone has used the app once, so the bot knows their Slack id and email.
    for (const who of Object.keys(h.ids) as Who[]) await h.event({ type: 'app_home_opened', user: h.ids[who], tab: 'home', channel: h.dm(who) }, `Ev-home-${who}`);
  });
  afterEach(async () => h.close());

  const dmsTo = (who: Who, since: number) => h.posts(h.dm(who), since);
  const everyoneBut = (...who: Who[]) => (Object.keys(h.ids) as Who[]).filter((w) => !who.includes(w));
  /** The reporter hears only that it arrived: one message, naming the role, never a person (who handles it is not theirs to know). */
  const reporterToldOnce = (since: number, role: RegExp) => {
    const told = dmsTo('teacher', since);
    assert.equal(told.length, 1, 'the reporter gets one follow-up');
    assert.match(blockText(told[0].args.blocks), role);
  };

  it('sends a concern about a teacher only to the headteacher, by direct message', async () => {
    const since = h.fake.mark();
    assert.match(await slackReportStaff(h, 'teacher', { email: h.email('tara') }), /headteacher/);
    await h.deliver();
    const toHead = dmsTo('head', since);
    assert.equal(toHead.length, 1);
    assert.ok(h.fake.of('conversations.open').some((c) => c.args.users === h.ids.head));
    assert.match(blockText(toHead[0].args.blocks), /OS-2026-0001/);
    assert.doesNotMatch(JSON.stringify(toHead[0].args), /personal phone/, 'the notification carries no details');
    for (const w of everyoneBut('head', 'teacher')) assert.deepEqual(dmsTo(w, since), [], `${w} got something`);
    reporterToldOnce(since, /The headteacher has your report/);
    assert.deepEqual(h.posts(SLACK_CHANNEL, since), []);
  });

  it('sends a concern about the headteacher to the chair of governors and not to the headteacher', async () => {
    const since = h.fake.mark();
    await slackReportStaff(h, 'teacher', { email: h.email('head') });
    await h.deliver();
    assert.equal(dmsTo('chair', since).length, 1);
    for (const w of everyoneBut('chair', 'teacher')) assert.deepEqual(dmsTo(w, since), [], `${w} got something`);
    reporterToldOnce(since, /The chair of governors has your report/);
  });

  it('sends a concern about the chair to the person the school file names, and not to the chair', async () => {
    const since = h.fake.mark();
    await slackReportStaff(h, 'teacher', { email: h.email('chair') });
    await h.deliver();
    assert.equal(dmsTo('vice', since).length, 1);
    for (const w of everyoneBut('vice', 'teacher')) assert.deepEqual(dmsTo(w, since), [], `${w} got something`);
    reporterToldOnce(since, /The person the school names for concerns about the chair of governors has your report/);
  });

  it('never lets the person a concern is about receive or open anything about it, even when they are the DSL', async () => {
    const since = h.fake.mark();
    await slackReportStaff(h, 'teacher', { email: h.email('dsl') }, { danger: true });
    await h.deliver();
    h.clock.advance(16 * 60_000);
    await h.deliver();
    assert.deepEqual(dmsTo('dsl', since), []);
    assert.deepEqual(h.posts(SLACK_CHANNEL, since), []);
    const card = dmsTo('head', since)[0];
    const view = buttonIn(card.args.blocks as never, 'incident.view');
    const before = h.fake.mark();
    await h.clickMessage('dsl', h.dm('head'), String(card.args.ts ?? '1'), view);
    const answer = h.fake.since(before).find((c) => c.method === 'chat.postEphemeral')!;
    assert.match(String(answer.args.text), /don't have access/);
    assert.equal(h.fake.since(before).filter((c) => c.method === 'views.open').length, 0, 'no details modal opens');
  });

  it('pages the DSL and every deputy by direct message, then again with the headteacher after 15 minutes', async () => {
    const since = h.fake.mark();
    assert.match(await slackReportPupil(h, 'teacher', { danger: true }), /999/);
    await h.deliver();
    assert.equal(dmsTo('dsl', since).length, 1);
    assert.equal(dmsTo('deputy', since).length, 1);
    assert.equal(dmsTo('head', since).length, 0, 'the headteacher is not paged at first');
    assert.equal(h.posts(SLACK_CHANNEL, since).length, 1);
    h.clock.advance(16 * 60_000);
    await h.deliver();
    await h.deliver();
    assert.equal(dmsTo('dsl', since).length, 2);
    assert.equal(dmsTo('head', since).length, 1);
  });

  it('stops paging once a DSL acknowledges from the page', async () => {
    const since = h.fake.mark();
    await slackReportPupil(h, 'teacher', { danger: true });
    await h.deliver();
    const page = dmsTo('dsl', since)[0];
    await h.clickMessage('dsl', h.dm('dsl'), '1', buttonIn(page.args.blocks as never, 'incident.ack'));
    assert.match(blockText(h.lastView()), /Acknowledged/);
    h.clock.advance(60 * 60_000);
    await h.deliver();
    assert.equal(dmsTo('dsl', since).length, 1);
    assert.equal(dmsTo('head', since).length, 0);
  });
});

import assert from 'node:assert/strict';
import { SlackHarness, SLACK_CHANNEL, blockText, slackReportPupil, slackReportStaff } from '../../helpers/slack-harness';

describe('slack: the reporter is told the truth — "we are now telling", then one follow-up', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
  });
  afterEach(async () => h.close());

  const followUps = (since: number) => h.posts(h.dm('teacher'), since).map((c) => blockText(c.args.blocks));
  const rounds = async (n: number, stepMs = 60 * 60_000) => {
    for (let i = 0; i < n; i++) {
      await h.deliver();
      h.clock.advance(stepMs);
    }
  };

  it('says "we are now telling the headteacher" before anything is delivered, then once that the headteacher has it', async () => {
    const since = h.fake.mark();
    const confirmation = await slackReportStaff(h, 'teacher', { email: h.email('tara') });
    assert.match(confirmation, /We are now telling the headteacher, privately\./);
    assert.doesNotMatch(confirmation, /have told/i);
    assert.deepEqual(h.posts(h.dm('head'), since), [], 'nothing has reached the headteacher yet');
    await rounds(4);
    assert.equal(h.posts(h.dm('head'), since).length, 1);
    const told = followUps(since);
    assert.equal(told.length, 1, 'exactly one follow-up');
    assert.match(told[0], /The headteacher has your report OS-2026-0001/);
  });

  it('names only "the chair of governors" for a concern about the headteacher', async () => {
    const since = h.fake.mark();
    const confirmation = await slackReportStaff(h, 'teacher', { email: h.email('head') });
    assert.match(confirmation, /We are now telling the chair of governors, privately\./);
    await rounds(3);
    const told = followUps(since);
    assert.equal(told.length, 1);
    assert.match(told[0], /The chair of governors has your report OS-2026-0001/);
    assert.doesNotMatch(told[0], /Chris|Hana/, 'no names');
  });

  it('tells the reporter once that the safeguarding team has an urgent pupil concern, however many pages went out', async () => {
    const since = h.fake.mark();
    await slackReportPupil(h, 'teacher', { danger: true });
    await rounds(3, 1000);
    assert.equal(h.posts(SLACK_CHANNEL, since).length, 1);
    assert.ok(h.posts(h.dm('dsl'), since).length >= 1, 'the DSL was paged');
    const told = followUps(since);
    assert.equal(told.length, 1);
    assert.match(told[0], /The safeguarding team \(the DSL and deputies\) has your report/);
  });

  it('gives the fallback as the only follow-up when the headteacher’s account is inactive', async () => {
    const since = h.fake.mark();
    h.fake.failNext('chat.postMessage', { error: 'account_inactive' }, (a) => a.channel === h.dm('head'));
    await slackReportStaff(h, 'teacher', { email: h.email('tara') });
    await rounds(4);
    const told = followUps(since);
    assert.equal(told.length, 1);
    assert.match(told[0], /contact the headteacher directly/);
    assert.doesNotMatch(told[0], /has your report/);
  });

  it('tells the reporter to contact the headteacher directly when every retry to reach them failed', async () => {
    const since = h.fake.mark();
    for (let i = 0; i < 30; i++) h.fake.failNext('chat.postMessage', { error: 'internal_error' }, (a) => a.channel === h.dm('head'));
    await slackReportStaff(h, 'teacher', { email: h.email('tara') });
    await rounds(16);
    const incident = (await h.app.deps.store.incidents.getByReference('OS-2026-0001'))!;
    const card = (await h.app.deps.store.outbox.listByIncident(incident.id)).find((r) => r.kind === 'incident.direct_card');
    assert.equal(card?.status, 'failed', 'the card to the headteacher gave up after its last attempt');
    const told = followUps(since);
    assert.equal(told.length, 1);
    assert.match(told[0], /Please contact the headteacher directly about OS-2026-0001/);
  });
});

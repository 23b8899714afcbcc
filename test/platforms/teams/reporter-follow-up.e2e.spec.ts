import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, cardText, cardsSince, mark, reportPupil, reportStaff } from '../../helpers/bot-harness';
import { DELIVERY, TeamsErrors } from '../../helpers/fake-teams-connector';

describe('teams: the reporter is told the truth — "we are now telling", then one follow-up', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
  });
  afterEach(async () => h.close());

  const followUps = (since: number) => cardsSince(h, 'teacher', since).map(cardText);
  const rounds = async (n: number, stepMs = 60 * 60_000) => {
    for (let i = 0; i < n; i++) {
      await h.deliver();
      h.clock.advance(stepMs);
    }
  };

  it('says "we are now telling the headteacher" before anything is delivered, then once that the headteacher has it', async () => {
    const since = mark(h);
    const confirmation = await reportStaff(h, 'teacher', { email: h.users.tara.email });
    assert.match(confirmation, /We are now telling the headteacher, privately\./);
    assert.doesNotMatch(confirmation, /have told/i);
    assert.deepEqual(cardsSince(h, 'head', since), [], 'nothing has reached the headteacher yet');
    const submitted = mark(h);
    await rounds(4);
    assert.equal(cardsSince(h, 'head', since).length, 1);
    const told = followUps(submitted);
    assert.equal(told.length, 1, 'exactly one follow-up');
    assert.match(told[0], /The headteacher has your report OS-2026-0001/);
  });

  it('names only "the chair of governors" for a concern about the headteacher, in the confirmation and the follow-up', async () => {
    const confirmation = await reportStaff(h, 'teacher', { email: h.users.head.email });
    assert.match(confirmation, /We are now telling the chair of governors, privately\./);
    const submitted = mark(h);
    await rounds(3);
    const told = followUps(submitted);
    assert.equal(told.length, 1);
    assert.match(told[0], /The chair of governors has your report OS-2026-0001/);
    assert.doesNotMatch(told[0], /Chris|Hana|Chair,|Head\b/, 'no names');
  });

  it('tells the reporter once that the safeguarding team has a pupil concern, after the channel card is posted', async () => {
    const confirmation = await reportPupil(h, 'teacher', { danger: true });
    assert.match(confirmation, /We are now telling the safeguarding team \(the DSL and deputies\)\./);
    const submitted = mark(h);
    await rounds(3, 1000);
    assert.ok(h.fake.sent.some((c) => c.seq > submitted && c.conversationId?.startsWith(CHANNEL_ID) && c.status < 300), 'the channel card was posted');
    const told = followUps(submitted);
    assert.equal(told.length, 1, 'one follow-up for the channel card and every page');
    assert.match(told[0], /The safeguarding team \(the DSL and deputies\) has your report/);
  });

  it('gives the fallback as the only follow-up when the headteacher has blocked the bot', async () => {
    h.fake.failNext({ conversationId: h.dm('head') }, TeamsErrors.conversationBlockedByUser());
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    const submitted = mark(h);
    await rounds(4);
    const told = followUps(submitted);
    assert.equal(told.length, 1);
    assert.match(told[0], /contact the headteacher directly/);
    assert.doesNotMatch(told[0], /has your report/);
  });

  it('tells the reporter to contact the headteacher directly when every retry to reach them failed', async () => {
    h.fake.failNext({ conversationId: h.dm('head'), kind: DELIVERY }, TeamsErrors.serviceError(502), 50);
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    const submitted = mark(h);
    await rounds(16);
    const row = (await h.app.deps.store.outbox.listByIncident((await h.app.deps.store.incidents.getByReference('OS-2026-0001'))!.id)).find((r) => r.kind === 'incident.direct_card');
    assert.equal(row?.status, 'failed', 'the card to the headteacher gave up after its last attempt');
    const told = followUps(submitted);
    assert.equal(told.length, 1);
    assert.match(told[0], /Please contact the headteacher directly about OS-2026-0001/);
  });
});

import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, cardText, cardsSince, mark, reportStaff, type Who } from '../../helpers/bot-harness';

describe('teams: concerns about staff reach only the right person', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
  });
  afterEach(async () => h.close());

  const everyoneBut = (...who: Who[]) => (Object.keys(h.users) as Who[]).filter((w) => !who.includes(w));
  const channelPosts = (since: number) => h.fake.sent.filter((c) => c.seq > since && c.conversationId?.startsWith(CHANNEL_ID));

  it('sends a concern about a teacher only to the headteacher, privately', async () => {
    const since = mark(h);
    const confirmation = await reportStaff(h, 'teacher', { email: h.users.tara.email });
    assert.match(confirmation, /headteacher/);
    await h.deliver();
    const toHead = cardsSince(h, 'head', since);
    assert.equal(toHead.length, 1);
    assert.match(cardText(toHead[0]), /OS-2026-0001/);
    assert.match(cardText(toHead[0]), /LADO/);
    assert.doesNotMatch(JSON.stringify(toHead), /personal phone/, 'the notification carries no details');
    for (const w of everyoneBut('head', 'teacher')) assert.deepEqual(cardsSince(h, w, since), [], `${w} got something`);
    assert.deepEqual(channelPosts(since), []);
  });

  it('sends a concern about the headteacher to the chair of governors and not to the headteacher', async () => {
    const since = mark(h);
    await reportStaff(h, 'teacher', { email: h.users.head.email });
    await h.deliver();
    assert.equal(cardsSince(h, 'chair', since).length, 1);
    for (const w of everyoneBut('chair', 'teacher')) assert.deepEqual(cardsSince(h, w, since), [], `${w} got something`);
    assert.deepEqual(channelPosts(since), []);
  });

  it('sends a concern about the chair to the person the school file names, and not to the chair', async () => {
    const since = mark(h);
    await reportStaff(h, 'teacher', { email: h.users.chair.email });
    await h.deliver();
    assert.equal(cardsSince(h, 'vice', since).length, 1);
    for (const w of everyoneBut('vice', 'teacher')) assert.deepEqual(cardsSince(h, w, since), [], `${w} got something`);
  });

  it('finds the headteacher from a typed name and, once confirmed, routes the concern to the chair', async () => {
    const since = mark(h);
    await reportStaff(h, 'teacher', { name: 'hana head', confirm: h.users.head.email });
    await h.deliver();
    assert.equal(cardsSince(h, 'chair', since).length, 1);
    assert.deepEqual(cardsSince(h, 'head', since), []);
  });

  it('never lets the person a concern is about receive or open anything about it, even when they are the DSL', async () => {
    const since = mark(h);
    await reportStaff(h, 'teacher', { email: h.users.dsl.email }, { danger: true });
    await h.deliver();
    h.clock.advance(16 * 60_000); // past the acknowledgement window: re-paging must not widen
    await h.deliver();
    assert.deepEqual(cardsSince(h, 'dsl', since), []);
    assert.deepEqual(channelPosts(since), []);
    const card = cardsSince(h, 'head', since)[0];
    const incidentId = JSON.stringify(card).match(/"incidentId":"([0-9a-f-]{36})"/)![1];
    const answer = await h.click('dsl', 'incident.view', { incidentId });
    assert.equal(answer.type, 'application/vnd.microsoft.activity.message');
    assert.match(String(answer.value), /don't have access/);
  });
});

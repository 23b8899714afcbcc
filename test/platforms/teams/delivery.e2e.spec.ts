import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, actionData, cardText, cardsSince, mark, reportPupil, reportStaff } from '../../helpers/bot-harness';
import { TeamsErrors } from '../../helpers/fake-teams-connector';
import { personalMessage, postActivity } from '../../helpers/teams-activities';

describe('teams: nothing lost, nothing sent twice', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
  });
  afterEach(async () => h.close());

  it('waits as long as Retry-After says after a 429, then delivers the channel card once', async () => {
    h.fake.failNext({ conversationId: CHANNEL_ID, kind: 'create' }, TeamsErrors.throttled(30));
    await reportPupil(h, 'teacher');
    await h.deliver();
    const posts = () => h.fake.sent.filter((c) => c.conversationId?.startsWith(CHANNEL_ID) && c.kind === 'create');
    assert.equal(posts().length, 1);
    assert.equal(posts()[0].status, 429);
    h.clock.advance(29_000);
    await h.deliver();
    assert.equal(posts().length, 1, 'not retried before Retry-After');
    h.clock.advance(2_000);
    await h.deliver();
    await h.deliver();
    assert.deepEqual(posts().map((c) => c.status), [429, 201].slice(0, 1).concat(posts()[1].status));
    assert.ok(posts()[1].status < 300);
    assert.equal(posts().length, 2);
  });

  it('backs off and retries after a 502 from Teams', async () => {
    h.fake.failNext({ conversationId: CHANNEL_ID, kind: 'create' }, TeamsErrors.serviceError(502));
    await reportPupil(h, 'teacher');
    await h.deliver();
    h.clock.advance(10 * 60_000);
    await h.deliver();
    const posts = h.fake.sent.filter((c) => c.conversationId?.startsWith(CHANNEL_ID) && c.kind === 'create');
    assert.equal(posts.length, 2);
    assert.ok(posts[1].status < 300);
  });

  it('treats a 403 from the headteacher’s chat as final and asks the reporter to contact them directly, telling nobody else', async () => {
    h.fake.failNext({ conversationId: h.dm('head') }, TeamsErrors.conversationBlockedByUser());
    const since = mark(h);
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    const submitted = mark(h);
    await h.deliver();
    h.clock.advance(60 * 60_000);
    await h.deliver();
    const toHead = h.fake.sent.filter((c) => c.seq > since && c.conversationId === h.dm('head'));
    assert.equal(toHead.length, 1, 'a 403 is never retried');
    assert.equal(toHead[0].status, 403);
    const toReporter = cardsSince(h, 'teacher', submitted);
    assert.equal(toReporter.length, 1);
    assert.match(cardText(toReporter[0]), /contact the headteacher directly/);
    for (const w of ['dsl', 'deputy', 'osl', 'chair', 'vice', 'tara'] as const) assert.deepEqual(cardsSince(h, w, since), [], `${w} got something`);
    assert.equal(h.fake.sent.filter((c) => c.seq > since && c.conversationId?.startsWith(CHANNEL_ID)).length, 0);
  });

  it('creates one incident and one set of notifications when Teams retries the same submit', async () => {
    await h.say('teacher', 'report');
    const { draftId } = actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next');
    await h.click('teacher', 'report.next', { draftId, stepId: 'category' }, { category: 'other' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'danger' }, { immediate_danger: 'no' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'other' }, { what_happened: 'A parent emailed a worrying link.', how_known: 'told' });
    const first = await h.click('teacher', 'report.submit', { draftId }, {}, { id: 'submit-activity-1' });
    const retry = await h.click('teacher', 'report.submit', { draftId }, {}, { id: 'submit-activity-1' });
    const double = await h.click('teacher', 'report.submit', { draftId }, {}, { id: 'submit-activity-2' });
    for (const a of [first, retry, double]) assert.match(cardText(a.value), /OS-2026-0001/);
    await h.deliver();
    assert.equal(h.fake.sent.filter((c) => c.conversationId?.startsWith(CHANNEL_ID) && c.kind === 'create').length, 1);
  });

  it('answers a repeated "report" message from a Teams retry only once', async () => {
    const since = mark(h);
    const activity = personalMessage({ serviceUrl: h.fake.url, user: h.users.teacher, text: 'report', id: 'dup-msg-1' });
    await postActivity(h.app.url, activity);
    await postActivity(h.app.url, activity);
    assert.equal(cardsSince(h, 'teacher', since).length, 1);
  });

  it('keeps a report in progress across a restart: the person continues where they were', async () => {
    await h.say('teacher', 'report');
    const { draftId } = actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next');
    await h.click('teacher', 'report.next', { draftId, stepId: 'category' }, { category: 'filtering' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'danger' }, { immediate_danger: 'no' });
    await h.restart();
    await h.say('teacher', 'report');
    const resumed = h.cardsTo(h.dm('teacher')).at(-1);
    assert.match(cardText(resumed), /Website address/);
    const next = await h.click('teacher', 'report.next', { draftId, stepId: 'filtering' }, { problem: 'got_through', url: 'bad.example', device_room: 'Year 4 laptop 12', occurred_date: '2026-11-22' });
    assert.match(cardText(next.value), /bad\.example/);
    const done = await h.click('teacher', 'report.submit', { draftId });
    assert.match(cardText(done.value), /OS-2026-0001/);
  });

  it('delivers a notification that was queued when the bot stopped, after it starts again', async () => {
    await reportPupil(h, 'teacher');
    await h.restart(); // the outbox row was written with the incident; nothing was sent yet
    await h.deliver();
    assert.equal(h.fake.sent.filter((c) => c.conversationId?.startsWith(CHANNEL_ID) && c.kind === 'create' && c.status < 300).length, 1);
  });
});

import assert from 'node:assert/strict';
import { Harness, TEAM_ID, actionData, cardText, mark, reportStaff } from '../../helpers/bot-harness';
import { BOT, cardAction, conversationUpdate, groupChatMention, personalMessage, postActivity, teamsUser } from '../../helpers/teams-activities';

describe('teams: where a report happens', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(async () => h.close());

  const repliesIn = (conversationId: string, since: number) =>
    h.fake.sent.filter((c) => c.seq > since && c.conversationId === conversationId && (c.kind === 'reply' || c.kind === 'send')).map((c) => h.fake.textOf(c));

  it('answers a mention in a channel only with "I\'ve sent you a private message" and continues in the 1:1 chat', async () => {
    const since = mark(h);
    const res = await h.mentionInChannel('teacher', 'report');
    assert.equal(res.status, 200);
    assert.deepEqual(repliesIn(TEAM_ID, since), ["I've sent you a private message."]);
    const created = h.fake.sent.find((c) => c.seq > since && c.kind === 'create');
    assert.ok(created, 'a 1:1 conversation was created');
    const privateCards = h.fake.cardsIn(String((created!.response as { id: string }).id)) as unknown[];
    assert.equal(privateCards.length, 1);
    assert.match(cardText(privateCards[0]), /What is your concern about\?/);
  });

  it('does the same for a mention in a group chat, writing nothing about the concern there', async () => {
    const since = mark(h);
    await postActivity(h.app.url, groupChatMention({ serviceUrl: h.fake.url, user: h.users.tara, text: 'report' }));
    assert.deepEqual(repliesIn('19:groupchat-1@thread.v2', since), ["I've sent you a private message."]);
  });

  it('says kindly in the channel when it cannot open a private chat, and still writes nothing about the concern', async () => {
    h.fake.failNext({ kind: 'create' }, { status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'not installed' } } });
    const since = mark(h);
    await h.mentionInChannel('teacher', 'report');
    const replies = repliesIn(TEAM_ID, since);
    assert.equal(replies.length, 1);
    assert.match(replies[0], /couldn't message you privately/);
  });

  it('refuses to keep an attachment sent while a report is open, and does not ask the person to delete it', async () => {
    await h.say('teacher', 'report');
    const since = mark(h);
    const attachments = [{ contentType: 'image/png', contentUrl: 'https://files.example/photo.png', name: 'photo.png' }];
    await postActivity(h.app.url, personalMessage({ serviceUrl: h.fake.url, user: h.users.teacher, text: '', attachments: attachments as never }));
    const reply = repliesIn(h.dm('teacher'), since);
    assert.equal(reply.length, 1);
    assert.match(reply[0], /not opened, kept or forwarded/);
    assert.doesNotMatch(reply[0], /please delete|delete it from/i);
    assert.doesNotMatch(JSON.stringify(h.fake.sent), /files\.example\/photo/);
  });

  it('discards a draft when the person types cancel, and starts afresh next time', async () => {
    await h.say('teacher', 'report');
    const { draftId } = actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next');
    await h.click('teacher', 'report.next', { draftId, stepId: 'category' }, { category: 'other' });
    const since = mark(h);
    await h.say('teacher', 'cancel');
    assert.match(repliesIn(h.dm('teacher'), since)[0], /discarded/);
    await h.say('teacher', 'report');
    const fresh = h.cardsTo(h.dm('teacher')).at(-1);
    assert.notEqual(actionData(fresh, 'report.next').draftId, draftId);
    const old = await h.click('teacher', 'report.next', { draftId, stepId: 'danger' }, { immediate_danger: 'no' });
    assert.match(String(old.value), /cancelled/);
  });

  it('lets the reporter change an answer from the review card and go straight back to the review', async () => {
    await h.say('teacher', 'report');
    const { draftId } = actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next');
    await h.click('teacher', 'report.next', { draftId, stepId: 'category' }, { category: 'other' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'danger' }, { immediate_danger: 'no' });
    const review = await h.click('teacher', 'report.next', { draftId, stepId: 'other' }, { what_happened: 'First version', how_known: 'seen' });
    assert.match(cardText(review.value), /First version/);
    const edit = await h.click('teacher', 'report.edit', { draftId, stepId: 'other' });
    assert.match(cardText(edit.value), /First version/, 'the step shows what was typed');
    const again = await h.click('teacher', 'report.next', { draftId, stepId: 'other' }, { what_happened: 'Second version', how_known: 'seen' });
    assert.match(cardText(again.value), /Second version/);
    assert.match(cardText(again.value), /safeguarding team/, 'the review says who will be told');
  });

  it('answers an unknown button or a card without references with a typed error, and keeps running', async () => {
    await h.say('teacher', 'hello');
    const unknown = await h.click('teacher', 'incident.explode', {});
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.type, 'application/vnd.microsoft.error');
    const bad = await h.click('teacher', 'incident.own', { incidentId: 'not-a-uuid', version: 'x' });
    assert.equal(bad.type, 'application/vnd.microsoft.error');
    assert.equal((await fetch(`${h.app.url}/healthz`)).status, 200);
  });

  it('reaches a headteacher seen in the team roster who has never opened a chat with the bot', async () => {
    await postActivity(h.app.url, conversationUpdate({ serviceUrl: h.fake.url, user: h.users.head, team: { teamId: TEAM_ID }, membersAdded: [{ id: BOT.id, name: BOT.name }] }));
    await h.say('teacher', 'hello');
    const since = mark(h);
    await reportStaff(h, 'teacher', { email: h.users.tara.email });
    await h.deliver();
    // (The reporter's follow-up after delivery may open the teacher's chat too: count the headteacher's.)
    const created = h.fake.sent.filter((c) => c.seq > since && c.kind === 'create' && c.userId === h.users.head.id && c.status < 300);
    assert.equal(created.length, 1, 'a 1:1 chat with the headteacher was created');
    const chat = String((created[0].response as { id: string }).id);
    assert.match(cardText(h.fake.cardsIn(chat).at(-1)), /OS-2026-0001/);
  });

  it('files nothing from a card click by someone Teams cannot identify', async () => {
    const stranger = teamsUser('ghost');
    const res = await postActivity(h.app.url, cardAction({ serviceUrl: h.fake.url, user: stranger, conversation: 'a:1on1-29:1ghost', verb: 'report.submit', data: { draftId: '00000000-0000-4000-8000-000000000000' }, replyToId: 'x' }));
    assert.equal(res.status, 200);
    assert.equal((res.body as { type: string }).type, 'application/vnd.microsoft.error');
  });
});

describe('teams: authentication', function () {
  const APP_ID = '11111111-2222-3333-4444-555555555555';
  const settings: Record<string, Record<string, string>> = {
    MultiTenant: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' },
    SingleTenant: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: '99999999-8888-7777-6666-555555555555' },
    UserAssignedMsi: { MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMsi', MicrosoftAppTenantId: '99999999-8888-7777-6666-555555555555' },
  };
  for (const [type, env] of Object.entries(settings)) {
    it(`refuses requests without a valid token when MicrosoftAppId is set (${type}), and changes nothing`, async () => {
      const h = await Harness.start(env);
      try {
        const res = await postActivity(h.app.url, personalMessage({ serviceUrl: h.fake.url, user: h.users.teacher, text: 'report' }));
        assert.equal(res.status, 401);
        const forged = await postActivity(h.app.url, personalMessage({ serviceUrl: h.fake.url, user: h.users.teacher, text: 'report' }), { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.' });
        assert.equal(forged.status, 401);
        assert.equal(h.fake.sent.length, 0);
        assert.equal(await h.app.deps.store.drafts.getOpen('teams', h.users.teacher.id), null);
      } finally {
        await h.close();
      }
    });
  }
});

describe('teams: health', function () {
  it('reports 503 when the database is unreachable', async () => {
    const h = await Harness.start();
    try {
      assert.equal((await fetch(`${h.app.url}/healthz`)).status, 200);
      await h.app.deps.store.close();
      const res = await fetch(`${h.app.url}/healthz`);
      assert.equal(res.status, 503);
      assert.equal(((await res.json()) as { database: string }).database, 'down');
    } finally {
      await h.close();
    }
  });
});

describe('teams: bad HTTP input', function () {
  it('answers malformed JSON, oversized bodies and things that are not activities with clear errors, and keeps serving', async () => {
    const h = await Harness.start();
    try {
      const bad = await fetch(`${h.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": "message", ' });
      assert.equal(bad.status, 400);
      assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'BAD_REQUEST');
      const huge = await fetch(`${h.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x'.repeat(300_000) }) });
      assert.equal(huge.status, 413);
      for (const body of ['{"type": 5}', '{"text": "hi"}', '{"type":"message","from":{"id":"29:x"}}', '[]']) {
        const res = await fetch(`${h.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        assert.equal(res.status, 400, body);
        const answer = (await res.json()) as { error: { code: string; message: string } };
        assert.equal(answer.error.code, 'BAD_ACTIVITY');
        assert.doesNotMatch(answer.error.message, /hi|Cannot read/);
      }
      assert.equal((await fetch(`${h.app.url}/healthz`)).status, 200);
    } finally {
      await h.close();
    }
  });
});

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Harness, TEAM_ID, actionData, cardText, cardsSince, mark, type Who } from '../../helpers/bot-harness';
import { channelMention, personalMessage, postActivity } from '../../helpers/teams-activities';
import { dumpDatabase } from '../../helpers/db-dump';

const PHOTO = [{ contentType: 'image/png', contentUrl: 'https://files.example/sam-photo-zq9.png', name: 'sam-photo-zq9.png' }];
const FILE_TRACES = /sam-photo-zq9|files\.example/;

describe('teams: a file sent to the bot (UKCIS: do not view, copy, forward or delete)', function () {
  let h: Harness;
  const lines: string[] = [];
  beforeEach(async () => {
    lines.length = 0;
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    h = await Harness.start({}, { log: pino({ level: 'trace' }, sink) });
    await h.everyoneSaysHello();
  });
  afterEach(async () => h.close());

  const replies = (who: Who, since: number) => h.fake.messagesTo(h.dm(who)).filter((c) => c.seq > since).map((c) => h.fake.textOf(c));

  it('tells Tom not to view, copy, forward or delete it and to speak to the DSL, and tells the DSL and deputy who sent it and when', async () => {
    const since = mark(h);
    const id = '1764680400001';
    await postActivity(h.app.url, personalMessage({ serviceUrl: h.fake.url, user: h.users.teacher, text: 'is this ok??', id, attachments: PHOTO as never }));
    const reply = replies('teacher', since);
    assert.equal(reply.length, 1);
    assert.match(reply[0], /do not view it again, copy it, screenshot it, forward it or delete it/);
    assert.match(reply[0], /Speak to the DSL .* now/);
    assert.doesNotMatch(reply[0], /please delete|delete it from|→ Delete/i);

    await h.deliver();
    for (const who of ['dsl', 'deputy'] as const) {
      const notices = cardsSince(h, who, since).map(cardText);
      assert.equal(notices.length, 1, `${who} is told once`);
      assert.match(notices[0], /Tom Teacher sent a file in their 1:1 chat with the bot in Teams/);
      assert.match(notices[0], /Mon, 23 Nov 2026, 10:00/);
    }
    for (const who of ['osl', 'head', 'teacher', 'tara'] as const) assert.equal(cardsSince(h, who, since).length, 0, `${who} is not told`);
    assert.equal(h.fake.messagesTo('19:dsl-team@thread.tacv2').filter((c) => c.seq > since).length, 0, 'nothing in the DSL channel');

    // Teams retries the same activity: no second alert.
    await postActivity(h.app.url, personalMessage({ serviceUrl: h.fake.url, user: h.users.teacher, text: 'is this ok??', id, attachments: PHOTO as never }));
    await h.deliver();
    assert.equal(cardsSince(h, 'dsl', since).length, 1);

    // Nothing of the file anywhere: not in the messages, the database or the logs.
    assert.doesNotMatch(JSON.stringify(h.fake.sent.filter((c) => c.seq > since)), FILE_TRACES);
    assert.doesNotMatch(await dumpDatabase(h.app.deps.store), FILE_TRACES);
    assert.doesNotMatch(lines.join(''), FILE_TRACES);
    assert.match(lines.join(''), /TEAMS_FILE_RECEIVED/);
  });

  it('does not tell a deputy about their own file, and still tells the DSL', async () => {
    const since = mark(h);
    await postActivity(h.app.url, personalMessage({ serviceUrl: h.fake.url, user: h.users.deputy, text: '', attachments: PHOTO as never }));
    await h.deliver();
    assert.equal(cardsSince(h, 'deputy', since).length, 0);
    assert.match(cardText(cardsSince(h, 'dsl', since)[0] as object), /Dev Deputy sent a file/);
  });

  it('answers a file posted in a channel only with "I\'ve sent you a private message", gives the advice privately, and tells the DSL it was in a channel', async () => {
    const since = mark(h);
    const post = channelMention({ serviceUrl: h.fake.url, user: h.users.tara, teamId: TEAM_ID, channelId: TEAM_ID, text: 'look at this' });
    // Teams sends the message's HTML rendering alongside the image: only the image is a file.
    await postActivity(h.app.url, { ...post, attachments: [{ contentType: 'text/html', content: '<p>look at this</p>' }, ...PHOTO] as never });
    const inChannel = h.fake.messagesTo(TEAM_ID).filter((c) => c.seq > since).map((c) => h.fake.textOf(c));
    assert.deepEqual(inChannel, ["I've sent you a private message."]);
    assert.match(replies('tara', since).join('\n'), /do not view it again, copy it, screenshot it, forward it or delete it/);
    await h.deliver();
    assert.match(cardText(cardsSince(h, 'dsl', since)[0] as object), /Tara Teacher sent a file in a Teams channel/);
    assert.doesNotMatch(JSON.stringify(h.fake.sent.filter((c) => c.seq > since)), FILE_TRACES);
  });
});

describe('teams: an urgent report left unsent', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
  });
  afterEach(async () => h.close());

  it('tells the DSL and deputy who started it and when after 15 minutes, reminds Tom once with a way back, and never shows what he wrote', async () => {
    await h.say('teacher', 'report');
    const { draftId } = actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next');
    await h.click('teacher', 'report.next', { draftId, stepId: 'category' }, { category: 'pupil' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'danger' }, { immediate_danger: 'yes' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_when_where' }, { occurred_date: '2026-11-23', location: 'online_home' });
    await h.click('teacher', 'report.next', { draftId, stepId: 'pupil_people' }, { person1_name: 'Sam Quillby (Y5)', person1_group: 'pupil', person1_part: 'target' });
    const since = mark(h);
    h.clock.advance(14 * 60_000);
    await h.deliver();
    assert.equal(cardsSince(h, 'dsl', since).length, 0, 'nothing at 14 minutes');
    h.clock.advance(60_000);
    await h.deliver();
    await h.deliver();
    for (const who of ['dsl', 'deputy'] as const) {
      const cards = cardsSince(h, who, since).map(cardText);
      assert.equal(cards.length, 1, `${who} is alerted once`);
      assert.match(cards[0], /Urgent report started but not sent \(draft D-[0-9A-F]{6}\)/);
      assert.match(cards[0], /Tom Teacher started a report on Mon, 23 Nov 2026, 10:00/);
      assert.match(cards[0], /immediate danger/);
      assert.doesNotMatch(cards[0], /Quillby|online_home/);
    }
    assert.equal(cardsSince(h, 'head', since).length, 0);
    assert.equal(h.fake.messagesTo('19:dsl-team@thread.tacv2').filter((c) => c.seq > since).length, 0, 'nothing in the channel');
    const reminders = cardsSince(h, 'teacher', since);
    assert.equal(reminders.length, 1);
    assert.match(cardText(reminders[0]), /You started an urgent report and did not send it/);

    // Later rounds send nothing more.
    h.clock.advance(3 * 3600_000);
    await h.deliver();
    assert.equal(cardsSince(h, 'dsl', since).length, 1);
    assert.equal(cardsSince(h, 'teacher', since).length, 1);

    // The reminder's button goes back to where Tom was, answers intact.
    const back = await h.click('teacher', 'report.next', actionData(reminders[0], 'report.next'));
    assert.match(cardText(back.value), /What kind of concern is it\?/);
    assert.equal(actionData(back.value, 'report.next').draftId, draftId);
    assert.equal(actionData(back.value, 'report.next').stepId, 'pupil_kinds');
  });
});

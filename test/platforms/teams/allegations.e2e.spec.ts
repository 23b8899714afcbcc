/**
 * Teams, end to end over real HTTP: each routing row sends what it should to whom it
 * should, the subject receives nothing ever, and the DSL channel nothing when the subject is in it.
 */
import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, actionData, cardText, cardsSince, mark, reportPupil, reportStaff, type Who } from '../../helpers/bot-harness';
import { E2E_ROWS, matrixRows, schoolFor, type E2eRow } from '../../helpers/allegation-rows';

async function report(h: Harness, row: E2eRow): Promise<string> {
  const email = (w: Who): string => h.users[w].email ?? '';
  if (row.path === 'staff') {
    const about = row.about!;
    return reportStaff(h, 'teacher', 'pick' in about ? { email: email(about.pick) } : { name: about.typed, confirm: about.confirm === 'someone_else' ? 'someone_else' : email(about.confirm) }, { danger: row.urgent });
  }
  if (row.path === 'pupil') return reportPupil(h, 'teacher', { danger: row.urgent, adult: row.adult && { name: row.adult.typed, confirm: email(row.adult.confirm) } });
  await h.say('teacher', 'report');
  const { draftId } = actionData(h.cardsTo(h.dm('teacher')).at(-1), 'report.next');
  await h.click('teacher', 'report.next', { draftId, stepId: 'category' }, { category: 'filtering' });
  await h.click('teacher', 'report.next', { draftId, stepId: 'danger' }, { immediate_danger: row.urgent ? 'yes' : 'no' });
  await h.click('teacher', 'report.next', { draftId, stepId: 'filtering' }, { problem: 'got_through', url: 'example.com', device_room: 'Year 4 laptop 12', occurred_date: '2026-11-20' });
  return cardText((await h.click('teacher', 'report.submit', { draftId })).value);
}

describe('teams: every route end to end, and the subject is never told', function () {
  let h: Harness;
  afterEach(async () => h?.close());

  for (const row of [...E2E_ROWS, ...matrixRows()]) {
    it(row.name, async () => {
      h = await Harness.start({}, { school: schoolFor(row.school) });
      await h.everyoneSaysHello();
      const since = mark(h);
      const others = (Object.keys(h.users) as Who[]).filter((w) => w !== 'teacher');
      const received = () => others.filter((w) => cardsSince(h, w, since).length > 0).sort();
      const channelPosts = () => h.fake.sent.filter((c) => c.seq > since && c.conversationId?.startsWith(CHANNEL_ID) && c.status < 300);

      const confirmation = await report(h, row);
      await h.deliver();
      assert.deepEqual(received(), [...row.told].sort());
      assert.equal(channelPosts().length > 0, row.channel, 'DSL channel');
      if (row.reporterGetsLado === 'at_once') assert.match(confirmation, /LADO.*020 7946 0000/s);

      if (row.afterTimeout) {
        h.clock.advance(16 * 60_000);
        await h.deliver();
        assert.deepEqual(received(), [...row.afterTimeout].sort(), 'after nobody acknowledged');
        assert.equal(channelPosts().length > 0, row.channel, 'DSL channel after the timeout');
      }
      if (row.reporterGetsLado === 'after_timeout') {
        const toReporter = cardsSince(h, 'teacher', since).map(cardText).join('\n');
        assert.match(toReporter, /not been acknowledged.*LADO.*020 7946 0000/s);
      }
      if (row.subject) assert.deepEqual(cardsSince(h, row.subject, since), [], `${row.subject} is who it is about`);
    });
  }
});

/**
 * Slack, end to end over real HTTP, for allegations about adults: each routing row sends what it should to whom it
 * should, the subject receives nothing ever, and the DSL channel nothing when the subject is in it.
 */
import assert from 'node:assert/strict';
import { SlackHarness, SLACK_CHANNEL, blockText, slackReportPupil, slackReportStaff, submitStep, type Who } from '../../helpers/slack-harness';
import { E2E_ROWS, matrixRows, schoolFor, type E2eRow } from '../../helpers/allegation-rows';

async function report(h: SlackHarness, row: E2eRow): Promise<string> {
  if (row.path === 'staff') {
    const about = row.about!;
    return slackReportStaff(h, 'teacher', 'pick' in about ? { email: h.email(about.pick) } : { name: about.typed, confirm: about.confirm === 'someone_else' ? 'someone_else' : h.email(about.confirm) }, { danger: row.urgent });
  }
  if (row.path === 'pupil') return slackReportPupil(h, 'teacher', { danger: row.urgent, adult: row.adult && { name: row.adult.typed, confirm: h.email(row.adult.confirm) } });
  await h.slash('teacher');
  let view = h.lastView();
  for (const values of [{ category: 'filtering' }, { immediate_danger: row.urgent ? 'yes' : 'no' }, { problem: 'got_through', url: 'example.com', device_room: 'Year 4 laptop 12', occurred_date: '2026-11-20' }, {}]) {
    view = await submitStep(h, 'teacher', view, values);
  }
  return blockText(view);
}

describe('slack: every route end to end, and the subject is never told', function () {
  let h: SlackHarness;
  afterEach(async () => h?.close());

  for (const row of [...E2E_ROWS, ...matrixRows()]) {
    it(row.name, async () => {
      h = await SlackHarness.start({}, { school: schoolFor(row.school) });
      for (const who of Object.keys(h.ids) as Who[]) await h.event({ type: 'app_home_opened', user: h.ids[who], tab: 'home', channel: h.dm(who) }, `Ev-home-${who}`);
      const since = h.fake.mark();
      const others = (Object.keys(h.ids) as Who[]).filter((w) => w !== 'teacher');
      const received = () => others.filter((w) => h.posts(h.dm(w), since).length > 0).sort();

      const confirmation = await report(h, row);
      await h.deliver();
      assert.deepEqual(received(), [...row.told].sort());
      assert.equal(h.posts(SLACK_CHANNEL, since).length > 0, row.channel, 'DSL channel');
      if (row.reporterGetsLado === 'at_once') assert.match(confirmation, /LADO.*020 7946 0000/s);

      if (row.afterTimeout) {
        h.clock.advance(16 * 60_000);
        await h.deliver();
        assert.deepEqual(received(), [...row.afterTimeout].sort(), 'after nobody acknowledged');
        assert.equal(h.posts(SLACK_CHANNEL, since).length > 0, row.channel, 'DSL channel after the timeout');
      }
      if (row.reporterGetsLado === 'after_timeout') {
        const toReporter = h.posts(h.dm('teacher'), since).map((c) => blockText(c.args.blocks)).join('\n');
        assert.match(toReporter, /not been acknowledged.*LADO.*020 7946 0000/s);
      }
      if (row.subject) assert.deepEqual(h.posts(h.dm(row.subject), since), [], `${row.subject} is who it is about`);
    });
  }
});

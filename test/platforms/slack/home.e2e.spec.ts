import assert from 'node:assert/strict';
import { SlackHarness, blockText, slackReportPupil, buttonIn } from '../../helpers/slack-harness';

describe('slack: App Home', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
  });
  afterEach(async () => h.close());

  const openHome = async (who: 'dsl' | 'teacher' | 'tara', id: string) => {
    await h.event({ type: 'app_home_opened', user: h.ids[who], tab: 'home', channel: h.dm(who) }, id);
    const call = h.fake.of('views.publish').at(-1)!;
    assert.equal(call.args.user_id, h.ids[who]);
    return call.args.view as Record<string, unknown>;
  };

  it('shows the DSL team open concerns with their owner and age, and no details', async () => {
    await slackReportPupil(h, 'teacher', { what: 'Sam was sent unkind messages by Alex.' });
    h.clock.advance(3 * 3600_000);
    const home = blockText(await openHome('dsl', 'Ev-h1'));
    assert.match(home, /Open concerns/);
    assert.match(home, /OS-2026-0001/);
    assert.match(home, /No owner/);
    assert.match(home, /Open for 3 hours/);
    assert.doesNotMatch(home, /unkind|Alex|Sam/);
  });

  it('shows a member of staff their own reports and where each stands, and nobody else’s', async () => {
    await slackReportPupil(h, 'teacher');
    const mine = blockText(await openHome('teacher', 'Ev-h2'));
    assert.match(mine, /Your reports/);
    assert.match(mine, /OS-2026-0001 {2}· {2}New/);
    assert.doesNotMatch(mine, /Open concerns/);
    const theirs = blockText(await openHome('tara', 'Ev-h3'));
    assert.doesNotMatch(theirs, /OS-2026-0001/);
  });

  it('opens a concern’s details from the Home tab in a modal, for the DSL team', async () => {
    await slackReportPupil(h, 'teacher', { what: 'Sam was sent unkind messages by Alex.' });
    const home = await openHome('dsl', 'Ev-h4');
    await h.interact({ type: 'block_actions', user: { id: h.ids.dsl, team_id: 'T1' }, team: { id: 'T1' }, trigger_id: 'trig-home', container: { type: 'view', view_id: 'VH1' }, view: { id: 'VH1', type: 'home' }, actions: [{ ...buttonIn(home, 'incident.view'), type: 'button', block_id: 'b', action_ts: '1' }] });
    const opened = h.fake.of('views.open').at(-1)!;
    assert.match(blockText(opened.args.view), /unkind messages by Alex/);
  });
});

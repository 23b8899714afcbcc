/**
 * Issue #11 on Slack: a pupil's third concern in 42 days posts one pattern alert to the DSL team's
 * Slack channel — references and buttons, no child's name — and its button opens the chronology for a DSL.
 */
import assert from 'node:assert/strict';
import { SlackHarness, SLACK_CHANNEL, blockText, buttonIn, slackReportPupil, type Who } from '../../helpers/slack-harness';
import { PICKER_PUPILS } from '../../helpers/mis-files';

type Obj = Record<string, unknown>;
const DAY = 24 * 3_600_000;
const SAM = { person1_pupil: 'MIS1', person1_name: '', person1_part: 'target' };

describe('slack: pattern alerts reach the DSL team channel', function () {
  this.timeout(60_000);
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
    await h.app.deps.store.pupils.applyImport('mis-1', 'oneroster-1.1', PICKER_PUPILS, '2026-11-20', h.clock.now());
    for (const who of ['teacher', 'tara', 'dsl'] as Who[]) await h.event({ type: 'app_home_opened', user: h.ids[who], tab: 'home', channel: h.dm(who) }, `Ev-home-${who}`);
  });
  afterEach(async () => h.close());

  it('posts the third concern’s alert in the channel once, without a name, and opens the child’s chronology for the DSL', async () => {
    await slackReportPupil(h, 'teacher', { people: SAM, what: 'Samantha was sent unkind messages.' });
    h.clock.advance(10 * DAY);
    await slackReportPupil(h, 'tara', { people: SAM });
    h.clock.advance(10 * DAY);
    await slackReportPupil(h, 'teacher', { people: SAM });
    await h.deliver();
    await h.deliver();
    const alerts = h.posts(SLACK_CHANNEL).filter((c) => /Pattern: a pupil's 3rd concern in 42 days/.test(blockText(c.args.blocks)));
    assert.equal(alerts.length, 1);
    const [alert] = alerts;
    for (const i of await h.app.deps.store.incidents.listOpen(10)) assert.match(blockText(alert!.args.blocks), new RegExp(i.reference));
    assert.doesNotMatch(JSON.stringify(alert!.args), /Carter|Samantha|\bSam\b|unkind/, 'neither the blocks nor the notification text name the child');
    const m = h.fake.mark();
    await h.clickMessage('dsl', SLACK_CHANNEL, String(alert!.seq), buttonIn(alert!.args.blocks as Obj[], 'pupil.chronology'));
    const opened = h.fake.since(m).find((c) => c.method === 'views.open');
    assert.ok(opened, 'the chronology opens in a modal for the DSL alone');
    assert.match(blockText((opened.args as Obj).view), /Chronology: Sam Carter \(Samantha\)[\s\S]*3 concerns/);
  });
});

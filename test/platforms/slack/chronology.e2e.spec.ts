/**
 * Issue #11 on Slack: `/safeguard chronology <name>` opens a child's chronology in a modal for the DSL
 * team only, paged in place; and a DSL links a name the reporter typed to a pupil record from the
 * details modal, searching pupils with an external_select.
 */
import assert from 'node:assert/strict';
import { SlackHarness, SLACK_CHANNEL, blockText, buttonIn, slackReportPupil, type Who } from '../../helpers/slack-harness';
import { PICKER_PUPILS } from '../../helpers/mis-files';
import { SHOW_CARD_PREFIX } from '../../../src/platforms/slack/blockkit';

type Obj = Record<string, unknown>;

describe('slack: a child’s chronology and linking a typed name to a pupil record', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
    await h.app.deps.store.pupils.applyImport('mis-1', 'oneroster-1.1', PICKER_PUPILS, '2026-11-20', h.clock.now());
    for (const who of ['teacher', 'tara', 'dsl'] as Who[]) await h.event({ type: 'app_home_opened', user: h.ids[who], tab: 'home', channel: h.dm(who) }, `Ev-home-${who}`);
  });
  afterEach(async () => h.close());

  const chronology = async (who: Who, text: string) => {
    const m = h.fake.mark();
    await h.slash(who, '/safeguard', undefined, text);
    return { view: h.lastView(), calls: h.fake.since(m) };
  };

  it('opens the chronology of the one pupil a name matches in a modal, and pages it in place', async () => {
    await slackReportPupil(h, 'teacher', { people: { person1_pupil: 'MIS1', person1_name: '', person1_part: 'target' } });
    h.clock.advance(60_000);
    await slackReportPupil(h, 'tara', { people: { person1_pupil: 'MIS2', person1_name: '', person1_part: 'target', person2_pupil: 'MIS1', person2_part: 'alleged_perpetrator' } });
    const { view } = await chronology('dsl', 'chronology Sam Carter');
    const text = blockText(view);
    assert.match(text, /Chronology: Sam Carter \(Samantha\)/);
    assert.match(text, /2 concerns/);
    assert.match(text, /Part: target[\s\S]*Part: alleged perpetrator/);
    // Twelve more entries on the first concern: the modal shows the latest ten, the rest a button away.
    const [first] = (await h.app.deps.store.incidents.listOpen(5)).map((i) => i.id);
    for (let n = 1; n <= 12; n++) await h.app.deps.store.events.add({ incidentId: first!, at: h.clock.now(), actorEmail: h.email('dsl'), type: 'add_note', data: { note: `Follow-up ${n}` } });
    const paged = await chronology('dsl', 'chronology Sam Carter');
    assert.match(blockText(paged.view), /Entries 5–14 of 14/);
    const m = h.fake.mark();
    await h.clickInView('dsl', paged.view, buttonIn(paged.view.blocks as Obj[], 'pupil.chronology'));
    const updated = h.fake.since(m).find((c) => c.method === 'views.update');
    assert.ok(updated, 'the page replaces the modal');
    assert.match(blockText(updated.args.view), /Entries 1–4 of 14/);
  });

  it('tells anyone outside the DSL team that only the safeguarding team can open it, naming no pupil', async () => {
    await slackReportPupil(h, 'teacher', { people: { person1_pupil: 'MIS1', person1_name: '', person1_part: 'target' } });
    const { view, calls } = await chronology('teacher', 'chronology Sam Carter');
    assert.match(blockText(view), /Only the school's safeguarding team can open a child's chronology/);
    assert.doesNotMatch(JSON.stringify(calls.map((c) => c.args)), /Carter|Samantha/);
  });

  it('links a typed name from the details modal: the DSL searches pupils, the record says who linked it', async () => {
    await slackReportPupil(h, 'teacher', { people: { person1_name: "Shiv O'Brien", person1_group: 'pupil', person1_part: 'target' } });
    await h.deliver();
    const card = h.posts(SLACK_CHANNEL)[0]!;
    const ts = String(h.fake.of('chat.postMessage').find((c) => c.args.channel === SLACK_CHANNEL)!.seq);
    await h.clickMessage('dsl', SLACK_CHANNEL, ts, buttonIn(card.args.blocks as Obj[], 'incident.view'));
    const details = h.lastView();
    let m = h.fake.mark();
    await h.clickInView('dsl', details, buttonIn(details.blocks as Obj[], `${SHOW_CARD_PREFIX}incident.link_pupil`));
    const pushed = h.fake.since(m).find((c) => c.method === 'views.push');
    assert.ok(pushed, 'the form opens over the details');
    const form = { ...(pushed.args.view as Obj), id: 'V-form' };
    const options = (body: unknown) => ((body as { options?: { value: string }[] }).options ?? []).map((o) => o.value);
    assert.deepEqual(options((await h.suggest('dsl', form, 'link_pupil', "o'bri")).body), ['MIS4']);
    assert.deepEqual(options((await h.suggest('tara', form, 'link_pupil', "o'bri")).body), [], 'nobody outside the DSL team gets a pupil');
    m = h.fake.mark();
    const answer = await h.submit('dsl', form, { link_row: '1', link_pupil: 'MIS4' });
    const shown = blockText((answer.body as { view?: unknown }).view);
    assert.match(shown, /Linked “Shiv O'Brien” to the pupil record of Siobhán O'Brien/);
    assert.match(shown, /linked by Dana DSL/);
    const opened = await chronology('dsl', "chronology o'brien");
    assert.match(blockText(opened.view), /Chronology: Siobhán O'Brien[\s\S]*1 concern/);
  });
});

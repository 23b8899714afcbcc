import assert from 'node:assert/strict';
import type { SlackCall } from '../../helpers/fake-slack-api';
import { SlackHarness, SLACK_CHANNEL, blockText, buttonIn, slackReportPupil, type Who } from '../../helpers/slack-harness';

type Obj = Record<string, unknown>;

describe('slack: decisions, the LADO, closing and what the reporter hears', function () {
  let h: SlackHarness;
  let card: SlackCall;
  async function report(o: Parameters<typeof slackReportPupil>[2] = {}) {
    await slackReportPupil(h, 'teacher', o);
    await h.deliver();
    card = h.posts(SLACK_CHANNEL)[0];
  }
  beforeEach(async () => {
    h = await SlackHarness.start();
  });
  afterEach(async () => h.close());

  const ts = () => String(h.fake.of('chat.postMessage').find((c) => c.args.channel === SLACK_CHANNEL)!.seq);
  /** Opens the details modal as `who` and returns it. */
  async function details(who: Who, id: string): Promise<Obj> {
    await h.clickMessage(who, SLACK_CHANNEL, ts(), buttonIn(card.args.blocks as Obj[], 'incident.view'));
    return { ...h.lastView(), id };
  }
  /** Opens the pushed form behind a details button. */
  async function form(who: Who, from: Obj, verb: string, id: string): Promise<Obj> {
    await h.clickInView(who, from, buttonIn(from, `show:${verb}`));
    return { ...h.lastView(), id };
  }

  it('offers the LADO when an adult (a sports coach, "someone else") is among the people involved, with CEOP and the IWF as separate choices', async () => {
    await report({ what: 'Sam was messaged by the football coach on Snapchat.', people: { person2_name: 'Coach Dave', person2_group: 'other', person2_part: 'witness' } });
    const dsl = await details('dsl', 'V-dsl');
    const decide = await form('dsl', dsl, 'incident.decide', 'V-decide');
    const options = JSON.stringify(decide);
    assert.match(options, /Refer to the LADO/);
    assert.match(options, /Report to CEOP \(online grooming/);
    assert.match(options, /Report to the IWF/);
    assert.doesNotMatch(options, /CEOP \/ IWF/);
    const lado = await form('dsl', dsl, 'incident.lado', 'V-lado');
    const saved = await h.submit('dsl', lado, { note: 'LADO: refer the coach to his club’s welfare officer' });
    assert.match(blockText((saved.body as Obj).view), /LADO consulted: LADO: refer the coach/);
  });

  it('gives an online safety lead no Close, and refuses a close submitted as them', async () => {
    await report();
    const osl = await details('osl', 'V-osl');
    assert.throws(() => buttonIn(osl, 'show:incident.close'), 'no Close for the OSL');
    const dsl = await details('dsl', 'V-dsl');
    const close = await form('dsl', dsl, 'incident.close', 'V-close');
    const m = h.fake.mark();
    const forged = await h.submit('osl', close, { outcome: 'Sorted', rationale: 'done' });
    assert.match(JSON.stringify(forged.body) + JSON.stringify(h.fake.since(m).map((c) => c.args)), /don't have access/);
    const after = await details('dsl', 'V-after');
    assert.match(blockText(after), /tried to close \(refused\)/);
    assert.ok(buttonIn(after, 'show:incident.close'), 'still open for a DSL to close');
  });

  it('tells the reporter only that the concern is closed and thanks them, never the outcome text', async () => {
    await report();
    const dsl = await details('dsl', 'V-dsl');
    const close = await form('dsl', dsl, 'incident.close', 'V-close');
    const m = h.fake.mark();
    await h.submit('dsl', close, { outcome: 'Alex excluded for two days; his parents agreed to a managed move', rationale: 'Bullying stopped' });
    await h.deliver();
    const toReporter = h.fake.since(m).filter((c) => c.args.channel === h.dm('teacher') || c.args.user === h.ids.teacher);
    assert.equal(toReporter.filter((c) => c.method === 'chat.postMessage').length, 1);
    const everything = JSON.stringify(toReporter.map((c) => c.args));
    assert.match(everything, /OS-2026-0001 is closed/);
    assert.match(everything, /Thank you for reporting it/);
    assert.doesNotMatch(everything, /excluded|managed move|Bullying stopped/);
  });
});

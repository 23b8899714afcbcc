import assert from 'node:assert/strict';
import type { SlackCall } from '../../helpers/fake-slack-api';
import { SlackHarness, SLACK_CHANNEL, blockText, buttonIn, slackReportPupil, stateFor, type Who } from '../../helpers/slack-harness';

type Obj = Record<string, unknown>;

describe('slack: the DSL team works a concern from the channel card', function () {
  let h: SlackHarness;
  let card: SlackCall;
  beforeEach(async () => {
    h = await SlackHarness.start();
    await slackReportPupil(h, 'teacher', { what: 'Sam was sent unkind messages by Alex. <!channel> <@UDSL> *bold*' });
    await h.deliver();
    card = h.posts(SLACK_CHANNEL)[0];
  });
  afterEach(async () => h.close());

  const blocks = () => card.args.blocks as Obj[];
  const ts = () => String(h.fake.of('chat.postMessage').find((c) => c.args.channel === SLACK_CHANNEL)!.seq);
  const click = (who: Who, actionId: string, from: Obj[] = blocks()) => h.clickMessage(who, SLACK_CHANNEL, ts(), buttonIn(from, actionId));
  const openedSince = (m: number) => h.fake.since(m).filter((c) => c.method === 'views.open');

  it('opens the details in a modal for a DSL only, while the channel card holds none', async () => {
    assert.doesNotMatch(JSON.stringify(card.args), /unkind messages|Alex/);
    const m = h.fake.mark();
    await click('dsl', 'incident.view');
    const opened = openedSince(m);
    assert.equal(opened.length, 1);
    assert.match(blockText(opened[0].args.view), /unkind messages by Alex/);
    assert.equal(h.fake.since(m).filter((c) => c.method.startsWith('chat.')).length, 0, 'nothing about it is written in the channel');
  });

  it('never lets user text mention or format: <!channel> stays literal text', async () => {
    await click('dsl', 'incident.view');
    const view = openedSince(0).at(-1)!.args.view as Obj;
    const texts: Obj[] = [];
    const walk = (n: unknown) => {
      if (!n || typeof n !== 'object') return;
      const o = n as Obj;
      if (typeof o.text === 'string' && (o.type === 'plain_text' || o.type === 'mrkdwn')) texts.push(o);
      Object.values(o).forEach(walk);
    };
    walk(view);
    const carrying = texts.filter((t) => String(t.text).includes('<!channel>'));
    assert.ok(carrying.length >= 1, 'the text is shown');
    for (const t of carrying) assert.equal(t.type, 'plain_text', 'never in mrkdwn, where Slack would act on it');
    for (const c of h.fake.calls) {
      if (typeof c.args.text === 'string') assert.doesNotMatch(c.args.text, /<!|<@/, `${c.method} notification text`);
      walk(c.args);
    }
    for (const t of texts) if (t.type === 'mrkdwn') assert.doesNotMatch(String(t.text), /<!|<@/);
  });

  it('updates the channel card in place with chat.update when a DSL takes ownership', async () => {
    await click('dsl', 'incident.own');
    assert.match(blockText(h.lastView()), /own this concern/);
    await h.deliver();
    const updates = h.fake.of('chat.update');
    assert.equal(updates.length, 1);
    assert.equal(updates[0].args.channel, SLACK_CHANNEL);
    assert.match(blockText(updates[0].args.blocks), /Dana DSL/);
    assert.match(blockText(updates[0].args.blocks), /Acknowledged/);
  });

  it('refuses a click from someone outside the DSL team, changes nothing, and records the attempt', async () => {
    const m = h.fake.mark();
    await click('tara', 'incident.own');
    const eph = h.fake.since(m).filter((c) => c.method === 'chat.postEphemeral');
    assert.equal(eph.length, 1);
    assert.equal(eph[0].args.user, h.ids.tara);
    assert.match(String(eph[0].args.text), /don't have access.*Nothing was changed/s);
    await click('tara', 'incident.view');
    assert.equal(openedSince(m).length, 0, 'no details for her');
    await h.deliver();
    assert.equal(h.fake.of('chat.update').length, 0);
    await click('dsl', 'incident.view');
    assert.match(blockText(openedSince(m).at(-1)!.args.view), /without access tried to take ownership/);
  });

  it('refuses a stale card with "this card is out of date" and shows the current one', async () => {
    await click('dsl', 'incident.own');
    const m = h.fake.mark();
    await click('deputy', 'incident.own'); // the channel card still says version 1
    const shown = blockText(openedSince(m)[0].args.view);
    assert.match(shown, /out of date/);
    assert.match(shown, /Dana DSL/);
  });

  it('adds a note through a pushed form and asks the reporter, whose answer is filed on the concern', async () => {
    await click('dsl', 'incident.view');
    const details = { ...(openedSince(0).at(-1)!.args.view as Obj), id: 'V-details' };
    const m = h.fake.mark();
    await h.clickInView('dsl', details, buttonIn(details, 'show:incident.note'));
    const pushed = h.fake.since(m).find((c) => c.method === 'views.push')!;
    const form = { ...(pushed.args.view as Obj), id: 'V-note' };
    const saved = await h.submit('dsl', form, { note: 'Spoke to Sam', rationale: 'first contact' });
    assert.match(blockText((saved.body as Obj).view), /Note: Spoke to Sam/);

    // The note bumped the version: the form is taken from the refreshed details, as a person would.
    const refreshed = { ...((saved.body as Obj).view as Obj), id: 'V-note' };
    await h.clickInView('dsl', refreshed, buttonIn(refreshed, 'show:incident.ask'));
    const askForm = { ...(h.fake.of('views.push').at(-1)!.args.view as Obj), id: 'V-ask' };
    const asked = await h.submit('dsl', askForm, { question: 'Which group chat was it?' });
    assert.match(blockText((asked.body as Obj).view), /sent to the reporter/, JSON.stringify(asked.body).slice(0, 600));
    await h.deliver();
    const ask = h.posts(h.dm('teacher')).at(-1)!;
    assert.match(blockText(ask.args.blocks), /Which group chat was it\?/);
    const send = buttonIn(ask.args.blocks as Obj[], 'info.answer');
    const state = stateFor({ blocks: ask.args.blocks }, { answer: 'The Year 5 football chat' });
    await h.clickMessage('teacher', h.dm('teacher'), '1', send, state);
    assert.match(blockText(h.lastView()), /filed on OS-2026-0001/);
    await click('dsl', 'incident.view');
    assert.match(blockText(h.lastView()), /The Year 5 football chat/);
  });

  it('makes an online safety lead’s proposal wait for a DSL to approve it, and closes with a reason', async () => {
    await click('osl', 'incident.view');
    const oslView = { ...(h.lastView()), id: 'V-osl' };
    await h.clickInView('osl', oslView, buttonIn(oslView, 'show:incident.propose'));
    const propose = { ...h.lastView(), id: 'V-prop' };
    const proposed = await h.submit('osl', propose, { decision: 'early_help', rationale: 'Family asked for support' });
    assert.match(blockText((proposed.body as Obj).view), /Proposed: Early help/);
    assert.throws(() => buttonIn((proposed.body as Obj).view as Obj, 'show:incident.approve'), 'no approve for the OSL');

    await click('dsl', 'incident.view');
    const dslView = { ...h.lastView(), id: 'V-dsl' };
    await h.clickInView('dsl', dslView, buttonIn(dslView, 'show:incident.approve'));
    const approve = { ...h.lastView(), id: 'V-approve' };
    const approved = await h.submit('dsl', approve, { rationale: 'Agreed' });
    assert.match(blockText((approved.body as Obj).view), /Approved: Early help/);

    await click('dsl', 'incident.view');
    const again = { ...h.lastView(), id: 'V-again' };
    await h.clickInView('dsl', again, buttonIn(again, 'show:incident.close'));
    const close = { ...h.lastView(), id: 'V-close' };
    const closed = await h.submit('dsl', close, { outcome: 'Resolved with both families', rationale: 'Bullying stopped' });
    assert.match(blockText((closed.body as Obj).view), /Closed/);
    await h.deliver();
    assert.match(blockText(h.posts(h.dm('teacher')).at(-1)!.args.blocks), /OS-2026-0001 is closed/);
  });
});

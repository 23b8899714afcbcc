import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, actionData, cardText, mark, reportPupil, type Who } from '../../helpers/bot-harness';

type Card = Record<string, unknown>;

/** The choices of the first Input.ChoiceSet with this id in a card. */
function choicesOf(card: unknown, id: string): { title: string; value: string }[] {
  let found: { title: string; value: string }[] | null = null;
  const walk = (n: unknown) => {
    if (found || !n || typeof n !== 'object') return;
    const o = n as Card;
    if (o.type === 'Input.ChoiceSet' && o.id === id) found = o.choices as { title: string; value: string }[];
    else Object.values(o).forEach(walk);
  };
  walk(card);
  return found ?? [];
}

const showCardTitles = (card: unknown) => {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (!n || typeof n !== 'object') return;
    const o = n as Card;
    if (o.type === 'Action.ShowCard') out.push(String(o.title));
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
};

describe('teams: decisions, the LADO, closing and what the reporter hears', function () {
  let h: Harness;
  let thread: { conversation: string; replyToId: string };
  let channelCard: Card;

  async function report(o: Parameters<typeof reportPupil>[2] = {}) {
    await reportPupil(h, 'teacher', o);
    await h.deliver();
    const post = h.fake.sent.find((c) => c.conversationId?.startsWith(CHANNEL_ID) && c.kind === 'create' && c.status < 300)!;
    channelCard = h.fake.cardsIn(CHANNEL_ID)[0] as Card;
    const threadId = String((post.response as { id: string }).id);
    thread = { conversation: threadId, replyToId: threadId.split('messageid=')[1] ?? 'x' };
  }
  const onChannel = (who: Who, verb: string, data: Card, inputs: Card = {}) => h.click(who, verb, data, inputs, thread);
  const view = (who: Who) => onChannel(who, 'incident.view', actionData(channelCard, 'incident.view'));

  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
  });
  afterEach(async () => h.close());

  it('offers CEOP and the IWF as two decisions, never the old combined one, and no LADO when only pupils are involved', async () => {
    await report({ kinds: 'sexting', what: 'Sam was pressured to send a photo by an account claiming to be 15.' });
    const details = await view('dsl');
    const titles = choicesOf(details.value, 'decision').map((c) => c.title);
    assert.ok(titles.some((t) => /^Report to CEOP/.test(t)), titles.join(' | '));
    assert.ok(titles.some((t) => /^Report to the IWF/.test(t)), titles.join(' | '));
    assert.ok(!titles.some((t) => /CEOP \/ IWF/.test(t)), 'the combined legacy decision is never offered');
    assert.ok(!titles.includes('Refer to the LADO'));
    assert.ok(!showCardTitles(details.value).includes('Record LADO consultation'));

    const legacy = await onChannel('dsl', 'incident.decide', actionData(details.value, 'incident.decide'), { decision: 'ceop_iwf', rationale: 'old card' });
    assert.match(cardText(legacy.value), /Please choose one of the listed decisions/);
    const lado = await onChannel('dsl', 'incident.decide', actionData(details.value, 'incident.decide'), { decision: 'lado', rationale: 'forged' });
    assert.match(cardText(lado.value), /Please choose one of the listed decisions/, 'no LADO where no adult is involved');
    const decided = await onChannel('dsl', 'incident.decide', actionData(details.value, 'incident.decide'), { decision: 'ceop', rationale: 'Adult posing as a child: grooming' });
    assert.match(cardText(decided.value), /Decided: Report to CEOP/);
  });

  it('offers the LADO on the DSL-team route when a parent is among the people involved, and records the consultation', async () => {
    await report({ what: 'Sam says a parent messaged him on Instagram late at night.', people: { person2_name: 'Mr Jones (a parent)', person2_group: 'parent_carer', person2_part: 'witness' } });
    const details = await view('dsl');
    assert.ok(choicesOf(details.value, 'decision').some((c) => c.title === 'Refer to the LADO'));
    assert.ok(showCardTitles(details.value).includes('Record LADO consultation'));
    assert.ok(showCardTitles(await view('osl').then((r) => r.value)).includes('Record LADO consultation'), 'the online safety lead may record it too');

    const recorded = await onChannel('dsl', 'incident.lado', actionData(details.value, 'incident.lado'), { note: 'LADO advised: no threshold met, monitor' });
    assert.match(cardText(recorded.value), /LADO consultation is on the record/);
    assert.match(cardText(recorded.value), /LADO consulted: LADO advised: no threshold met, monitor/);
    const decided = await onChannel('dsl', 'incident.decide', actionData(recorded.value, 'incident.decide'), { decision: 'lado', rationale: 'Refer as advised' });
    assert.match(cardText(decided.value), /Decided: Refer to the LADO/);
  });

  it('hides Close from an online safety lead and refuses a forged close, changing nothing and recording the attempt', async () => {
    await report();
    const osl = await view('osl');
    assert.ok(!showCardTitles(osl.value).includes('Close'), showCardTitles(osl.value).join(' | '));
    assert.ok(showCardTitles(osl.value).includes('Propose a decision'), 'the OSL still proposes');
    const dsl = await view('dsl');
    const forged = await onChannel('osl', 'incident.close', actionData(dsl.value, 'incident.close'), { outcome: 'Sorted', rationale: 'done' });
    assert.match(String(forged.value), /don't have access/);
    const after = await view('dsl');
    assert.doesNotMatch(cardText(after.value), /Status: Closed|^Closed/m);
    assert.match(cardText(after.value), /tried to close \(refused\)/);
    // A DSL or deputy closes it.
    const closed = await onChannel('deputy', 'incident.close', actionData(after.value, 'incident.close'), { outcome: 'Resolved', rationale: 'Messages stopped' });
    assert.match(cardText(closed.value), /Closed/);
  });

  it('tells the reporter only that the concern is closed and thanks them, never the outcome the DSL wrote', async () => {
    await report();
    const since = mark(h);
    const details = await view('dsl');
    const outcome = 'Alex excluded for two days; his parents agreed to a managed move';
    await onChannel('dsl', 'incident.close', actionData(details.value, 'incident.close'), { outcome, rationale: 'Bullying stopped' });
    await h.deliver();
    const toReporter = h.fake.sent.filter((c) => c.seq > since && c.conversationId === h.dm('teacher'));
    assert.equal(toReporter.filter((c) => c.status < 300).length, 1);
    const everything = JSON.stringify(toReporter.map((c) => c.activity));
    assert.match(everything, /OS-2026-0001 is closed/);
    assert.match(everything, /Thank you for reporting it/);
    assert.doesNotMatch(everything, /excluded|managed move|Bullying stopped/);
    // The outcome is on the record for the DSL team.
    assert.match(cardText((await view('dsl')).value), /Outcome: Alex excluded for two days/);
  });
});

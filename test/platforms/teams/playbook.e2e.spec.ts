import assert from 'node:assert/strict';
import { Harness, CHANNEL_ID, actionData, cardText, reportPupil } from '../../helpers/bot-harness';
import { formatWhen } from '../../../src/views/incident';

type Obj = Record<string, unknown>;

/** The data of the checklist button (`verb`) for one step, anywhere in a card. */
function stepButton(card: unknown, verb: string, stepId: string): Obj {
  let found: Obj | null = null;
  const walk = (n: unknown) => {
    if (found || !n || typeof n !== 'object') return;
    const o = n as Obj;
    if (o.type === 'Action.Execute' && o.verb === verb && (o.data as Obj | undefined)?.stepId === stepId) found = o.data as Obj;
    else Object.values(o).forEach(walk);
  };
  walk(card);
  if (!found) throw new Error(`no ${verb} button for ${stepId}`);
  return found;
}

describe('teams: a DSL works the checklist of a nudes report', function () {
  let h: Harness;
  let thread: { conversation: string; replyToId: string };
  let viewData: Obj;

  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
    await reportPupil(h, 'teacher', { kinds: 'sexting', what: 'Sam says a photo of her was shared in the Year 9 group chat' });
    await h.deliver();
    const post = h.fake.sent.find((c) => c.conversationId?.startsWith(CHANNEL_ID) && c.kind === 'create' && c.status < 300)!;
    const threadId = String((post.response as { id: string }).id);
    thread = { conversation: threadId, replyToId: threadId.split('messageid=')[1] ?? 'x' };
    viewData = actionData(h.fake.cardsIn(CHANNEL_ID)[0], 'incident.view');
  });
  afterEach(async () => h.close());

  const open = async (who: 'dsl' | 'deputy' | 'teacher' | 'tara') => (await h.click(who, 'incident.view', viewData, {}, thread)).value;

  it('ticks "device secured": the chronology has it with who and when, and the card shows it ticked after a reload and a restart', async () => {
    const details = await open('dsl');
    assert.match(cardText(details), /Checklist: Nudes, semi-nudes and indecent images/);
    assert.match(cardText(details), /☐ Device secured/);
    assert.match(cardText(details), /Report Remove/);

    const when = formatWhen(h.app.deps.school, h.clock.now());
    const ticked = await h.click('dsl', 'incident.tick', stepButton(details, 'incident.tick', 'device_secured'), {}, thread);
    const text = cardText(ticked.value);
    assert.match(text, /Ticked: it is on the record/);
    assert.match(text, new RegExp(`☑ Device secured[^]*Done — Dana DSL, ${when}`));
    assert.ok(text.includes(`${when} · Dana DSL\nChecklist: ticked “Device secured”`), text);

    await h.restart();
    const reloaded = cardText(await open('deputy'));
    assert.match(reloaded, /☑ Device secured/);
    assert.match(reloaded, /1 of 9 done/);
    assert.ok(reloaded.includes(`${when} · Dana DSL\nChecklist: ticked “Device secured”`));
  });

  it('refuses the reporter and other staff, even with a copied button, and records the attempts', async () => {
    const details = await open('dsl');
    const button = stepButton(details, 'incident.tick', 'device_secured');
    for (const who of ['teacher', 'tara'] as const) {
      const answer = await h.click(who, 'incident.tick', button, {}, thread);
      assert.match(String(answer.value), /don't have access/, who);
    }
    const after = cardText(await open('dsl'));
    assert.match(after, /☐ Device secured/);
    assert.match(after, /0 of 9 done/);
    assert.equal(after.match(/without access tried to tick a checklist step/g)?.length, 2);
  });

  it('refuses a stale card and a step that is not on this checklist', async () => {
    const details = await open('dsl');
    await h.click('dsl', 'incident.tick', stepButton(details, 'incident.tick', 'device_secured'), {}, thread);
    const stale = await h.click('deputy', 'incident.tick', stepButton(details, 'incident.tick', 'parents_informed'), {}, thread);
    assert.match(cardText(stale.value), /out of date/);
    assert.match(cardText(stale.value), /☐ Parents or carers informed/);
    const current = stepButton(stale.value, 'incident.tick', 'parents_informed');
    const wrong = await h.click('deputy', 'incident.tick', { ...current, stepId: 'lado_consulted' }, {}, thread);
    assert.match(cardText(wrong.value), /not on the checklist for this concern/);
    const untick = await h.click('deputy', 'incident.untick', stepButton(wrong.value, 'incident.untick', 'device_secured'), {}, thread);
    assert.match(cardText(untick.value), /Checklist: unticked “Device secured”/);
    assert.match(cardText(untick.value), /☐ Device secured/);
  });
});

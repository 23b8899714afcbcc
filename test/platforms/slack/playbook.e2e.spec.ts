import assert from 'node:assert/strict';
import { SlackHarness, SLACK_CHANNEL, blockText, buttonIn, slackReportPupil, type Who } from '../../helpers/slack-harness';
import { formatWhen } from '../../../src/views/incident';

type Obj = Record<string, unknown>;

/** The checklist button (action_id = verb) for one step in a view's blocks. */
function stepButton(view: Obj, verb: string, stepId: string): Obj {
  for (const b of (view.blocks as Obj[]) ?? []) {
    const els = b.type === 'actions' ? ((b.elements as Obj[]) ?? []) : b.accessory ? [b.accessory as Obj] : [];
    const found = els.find((e) => e.action_id === verb && (JSON.parse(String(e.value)) as Obj).stepId === stepId);
    if (found) return found;
  }
  throw new Error(`no ${verb} button for ${stepId}`);
}

describe('slack: a DSL works the checklist of a nudes report', function () {
  let h: SlackHarness;
  let card: Obj[];
  beforeEach(async () => {
    h = await SlackHarness.start();
    await slackReportPupil(h, 'teacher', { kinds: 'sexting', what: 'Sam says a photo of her was shared in the Year 9 group chat' });
    await h.deliver();
    card = h.posts(SLACK_CHANNEL)[0].args.blocks as Obj[];
  });
  afterEach(async () => h.close());

  const ts = () => String(h.fake.of('chat.postMessage').find((c) => c.args.channel === SLACK_CHANNEL)!.seq);
  /** Opens the details from the channel card; returns the modal as Slack shows it. */
  const open = async (who: Who) => {
    await h.clickMessage(who, SLACK_CHANNEL, ts(), buttonIn(card, 'incident.view'));
    return { ...h.lastView(), id: `V-${who}` };
  };

  it('ticks "device secured" in the details modal: the chronology has it with who and when, and it stays ticked after a reload and a restart', async () => {
    const details = await open('dsl');
    assert.match(blockText(details), /Checklist: Nudes, semi-nudes and indecent images/);
    assert.match(blockText(details), /☐ Device secured/);

    const when = formatWhen(h.app.deps.school, h.clock.now());
    const m = h.fake.mark();
    await h.clickInView('dsl', details, stepButton(details, 'incident.tick', 'device_secured'));
    const updated = h.fake.since(m).filter((c) => c.method === 'views.update');
    assert.equal(updated.length, 1, 'the modal is updated in place');
    assert.equal(updated[0].args.view_id, 'V-dsl');
    const text = blockText(updated[0].args.view);
    assert.match(text, /Ticked: it is on the record/);
    assert.match(text, new RegExp(`☑ Device secured[^]*Done — Dana DSL, ${when}`));
    assert.ok(text.includes(`${when} · Dana DSL\nChecklist: ticked “Device secured”`), text);
    assert.equal(h.fake.since(m).filter((c) => c.method.startsWith('chat.post')).length, 0, 'nothing is written in the channel');

    await h.restart();
    const reloaded = blockText(await open('deputy'));
    assert.match(reloaded, /☑ Device secured/);
    assert.match(reloaded, /1 of 9 done/);
    assert.ok(reloaded.includes(`${when} · Dana DSL\nChecklist: ticked “Device secured”`));
  });

  it('refuses the reporter pressing a copied button, changes nothing and records the attempt', async () => {
    const details = await open('dsl');
    const m = h.fake.mark();
    await h.clickInView('teacher', details, stepButton(details, 'incident.tick', 'device_secured'));
    const refused = h.fake.since(m).filter((c) => c.method === 'views.push');
    assert.equal(refused.length, 1);
    assert.match(blockText(refused[0].args.view), /don't have access/);
    const after = blockText(await open('dsl'));
    assert.match(after, /☐ Device secured/);
    assert.match(after, /without access tried to tick a checklist step/);
  });

  it('refuses a stale modal: a deputy ticking from an old view sees the current one', async () => {
    const dslView = await open('dsl');
    const deputyView = await open('deputy');
    await h.clickInView('dsl', dslView, stepButton(dslView, 'incident.tick', 'device_secured'));
    await h.clickInView('deputy', deputyView, stepButton(deputyView, 'incident.tick', 'parents_informed'));
    const shown = blockText(h.lastView());
    assert.match(shown, /out of date/);
    assert.match(shown, /☑ Device secured/);
    assert.match(shown, /☐ Parents or carers informed/);
  });
});

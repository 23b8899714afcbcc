/** Issue #11 on Slack: "who was involved" offers the school's pupils by external_select, naming none until the reporter types. */
import assert from 'node:assert/strict';
import { SlackHarness, blockText, submitStep, type Who } from '../../helpers/slack-harness';
import { PICKER_PUPILS } from '../../helpers/mis-files';

type Obj = Record<string, unknown>;

describe('slack: choosing the pupils involved from the school’s records', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
    await h.app.deps.store.pupils.applyImport('mis-1', 'oneroster-1.1', PICKER_PUPILS, '2026-11-20', h.clock.now());
    for (const who of ['teacher', 'tara'] as Who[]) await h.event({ type: 'app_home_opened', user: h.ids[who], tab: 'home', channel: h.dm(who) }, `Ev-home-${who}`);
  });
  afterEach(async () => h.close());

  async function toPeopleStep(): Promise<Obj> {
    await h.slash('teacher');
    let view = h.lastView();
    view = await submitStep(h, 'teacher', view, { category: 'pupil' });
    view = await submitStep(h, 'teacher', view, { immediate_danger: 'no' });
    return submitStep(h, 'teacher', view, { occurred_date: '2026-11-20', location: 'online_home' });
  }
  const optionsOf = (body: unknown) => ((body as { options?: { text: { text: string }; value: string }[] }).options ?? []).map((o) => ({ title: o.text.text, value: o.value }));

  it('asks with an external_select per row that lists no pupil in the modal', async () => {
    const view = await toPeopleStep();
    const el = (view.blocks as Obj[]).find((b) => b.block_id === 'person1_pupil')?.element as Obj;
    assert.equal(el.type, 'external_select');
    assert.equal(el.options, undefined);
    assert.doesNotMatch(JSON.stringify(view), /Carter/);
  });

  it('offers pupils on roll for what was typed, with their form, and no "not on this list" option (the name box is the way out)', async () => {
    const view = await toPeopleStep();
    assert.deepEqual(optionsOf((await h.suggest('teacher', view, 'person1_pupil', 'carter')).body), [{ title: 'Sam Carter (Samantha) — 8RB', value: 'MIS1' }, { title: 'Samuel Carter — 10KP', value: 'MIS2' }]);
    assert.deepEqual(optionsOf((await h.suggest('tara', view, 'person1_pupil', 'carter')).body), [], 'nobody without a report at the question');
  });

  it('takes the chosen pupil as the person involved, and refuses a forged id', async () => {
    const view = await toPeopleStep();
    const forged = await h.submit('teacher', view, { person1_pupil: 'MIS3', person1_part: 'target' });
    assert.match(JSON.stringify(forged.body), /Please choose a pupil from the list, or type their name below/);
    const next = await submitStep(h, 'teacher', view, { person1_pupil: 'MIS1', person1_part: 'target' });
    assert.match(blockText(next), /What kind of concern/);
  });
});

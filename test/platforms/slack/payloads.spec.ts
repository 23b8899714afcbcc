import assert from 'node:assert/strict';
import { blockActionBody, hasFiles, inputsFromState, messageBody, modalMeta, parseJsonObject, viewSubmissionBody } from '../../../src/platforms/slack/payloads';

describe('slack: reading what Slack (or a holder of the signing secret) sends', () => {
  it('reads a modal’s answers, and skips each answer a forged request gave the wrong shape', () => {
    const values = {
      a: { summary: { type: 'plain_text_input', value: 'What I saw' }, bad: { type: 'plain_text_input', value: 42 } },
      b: { told: { type: 'radio_buttons', selected_option: { value: 'yes' } }, odd: { type: 'static_select', selected_option: { value: null } } },
      c: { kinds: { type: 'checkboxes', selected_options: [{ value: 'bullying' }, null, { value: 7 }, { value: 'sexting' }] } },
      d: null,
      e: 'not a map',
      f: { g: { type: 99, value: 'x' } },
    };
    assert.deepEqual(inputsFromState(values), { summary: 'What I saw', told: 'yes', kinds: 'bullying,sexting' });
    for (const junk of [null, undefined, 'x', 5, [1, 2]]) assert.deepEqual(inputsFromState(junk), {});
  });

  it('treats private_metadata that is not ours as a notice (no verb), and keeps only object references', () => {
    for (const junk of ['', 'null', '[1]', '{"v":', '{"v":5}', '{}']) assert.equal(modalMeta.safeParse(parseJsonObject(junk)).success, false, junk);
    const forged = modalMeta.parse(parseJsonObject('{"v":"report.next","d":"not an object","k":12}'));
    assert.deepEqual({ v: forged.v, d: forged.d, k: forged.k }, { v: 'report.next', d: {}, k: '' });
    const ours = modalMeta.parse(parseJsonObject('{"v":"report.next","d":{"draftId":"d1"},"k":"0b6f7c1e-2f57-4a53-9d0e-5f1c7a1e2b3c"}'));
    assert.deepEqual(ours.d, { draftId: 'd1' });
  });

  it('notices a file put into a modal, and nothing else that looks a little like one', () => {
    assert.equal(hasFiles({ b: { f: { type: 'file_input', files: [{ id: 'F1' }] } } }), true);
    assert.equal(hasFiles({ b: { f: { type: 'file_input', files: [] } } }), false);
    assert.equal(hasFiles({ b: { f: { type: 'plain_text_input', files: [{ id: 'F1' }] } }, c: null, d: 'x' }), false);
    assert.equal(hasFiles(null), false);
  });

  it('reads a click or a submission with its person or workspace missing as nobody, rather than failing halfway', () => {
    const click = blockActionBody.parse({ type: 'block_actions', actions: [{ action_id: 'incident.view', value: 5 }], user: 'U1', team: 7, view: 'x' });
    assert.deepEqual({ user: click.user, team: click.team, view: click.view, value: click.actions[0].value, trigger: click.trigger_id }, { user: { id: '', team_id: null }, team: undefined, view: undefined, value: undefined, trigger: '' });
    const submission = viewSubmissionBody.parse({ type: 'view_submission', view: { callback_id: 'safeguard.card', blocks: null, state: 'x' } });
    assert.deepEqual({ user: submission.user.id, blocks: submission.view.blocks, state: submission.view.state, meta: submission.view.private_metadata }, { user: '', blocks: [], state: undefined, meta: '' });
  });

  it('reads a direct message’s files only when they are a list', () => {
    const read = (files: unknown) => messageBody.parse({ event_id: 'Ev1', team_id: 'T1', event: { type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', ts: '1.1', files } }).event.files.length;
    assert.equal(read([{ id: 'F1' }]), 1);
    assert.equal(read('F1'), 0);
    assert.equal(read(undefined), 0);
  });
});

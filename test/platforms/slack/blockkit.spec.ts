import assert from 'node:assert/strict';
import { renderEvery } from '../../cards/fixtures';
import { renderNotice, renderWizardStep } from '../../../src/cards';
import { convertCard, escapeMrkdwn, inputsFromState, LIMITS, MIN_QUERY_LENGTH, optionsFor, toMessage, toModal, type Block } from '../../../src/platforms/slack/blockkit';
import { modalFor } from '../../../src/platforms/slack/interactions';
import { stateFor } from '../../helpers/slack-harness';

type Obj = Record<string, unknown>;
/** A block or element as the JSON Slack receives: these checks read its wire shape, whatever its Block Kit type. */
const wire = (x: unknown) => x as Obj;
const BLOCK_TYPES = new Set(['header', 'section', 'context', 'divider', 'actions', 'input']);
const ELEMENTS = new Set(['plain_text_input', 'datepicker', 'timepicker', 'radio_buttons', 'checkboxes', 'static_select', 'multi_static_select', 'external_select']);

/** Checks blocks against Block Kit's structure and limits; returns the problems found. */
function problems(typed: Block[], max: number): string[] {
  const blocks = typed.map((b) => wire(b) as Obj & { type: string });
  const out: string[] = [];
  if (blocks.length > max) out.push(`${blocks.length} blocks > ${max}`);
  const text = (t: unknown, limit: number, where: string) => {
    const o = t as Obj;
    if (!o || (o.type !== 'plain_text' && o.type !== 'mrkdwn') || typeof o.text !== 'string') out.push(`${where}: not a text object`);
    else if (o.text.length > limit || o.text.length === 0) out.push(`${where}: ${o.text.length} chars`);
  };
  blocks.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    if (!BLOCK_TYPES.has(b.type)) out.push(`${at}: unknown type`);
    if (b.type === 'header') text(b.text, LIMITS.headerText, at);
    if (b.type === 'section') text(b.text, LIMITS.sectionText, at);
    if (b.type === 'context') (b.elements as Obj[]).forEach((e) => text(e, LIMITS.sectionText, at));
    if (b.type === 'actions') {
      const els = b.elements as Obj[];
      if (!els.length || els.length > LIMITS.actionsElements) out.push(`${at}: ${els.length} elements`);
      const ids = els.map((e) => e.action_id);
      if (new Set(ids).size !== ids.length) out.push(`${at}: duplicate action_id`);
      for (const e of els) {
        text(e.text, LIMITS.buttonText, `${at} button`);
        if (String(e.value).length > LIMITS.buttonValue) out.push(`${at}: value too long`);
        JSON.parse(String(e.value));
      }
    }
    if (b.type === 'input') {
      text(b.label, LIMITS.label, at);
      const el = b.element as Obj;
      if (!ELEMENTS.has(String(el.type))) out.push(`${at}: element ${String(el.type)}`);
      if (el.action_id !== b.block_id) out.push(`${at}: action_id must be the input id`);
      const opts = (el.options as Obj[] | undefined) ?? [];
      if ((el.type === 'radio_buttons' || el.type === 'checkboxes') && opts.length > LIMITS.expandedChoices) out.push(`${at}: too many options`);
      for (const o of opts) {
        text(o.text, LIMITS.optionText, `${at} option`);
        if (String(o.value).length > LIMITS.optionValue) out.push(`${at}: option value too long`);
      }
    }
  });
  const blockIds = blocks.map((b) => b.block_id).filter(Boolean);
  if (new Set(blockIds).size !== blockIds.length) out.push('duplicate block_id');
  return out;
}

describe('slack: Adaptive Cards to Block Kit', () => {
  for (const [name, { full, minimal }] of Object.entries(renderEvery())) {
    for (const [variant, card] of [['full', full], ['minimal', minimal]] as const) {
      it(`renders ${name} (${variant}) as a valid message within Slack's limits`, () => {
        const msg = toMessage(card, 'notification');
        assert.ok(msg.blocks.length > 0);
        assert.deepEqual(problems(msg.blocks, LIMITS.messageBlocks), []);
      });

      it(`renders ${name} (${variant}) as a valid modal within Slack's limits`, () => {
        const view = modalFor(card, 'incident.view');
        assert.deepEqual(problems(view.blocks as Block[], LIMITS.modalBlocks), []);
        assert.ok(view.title.text.length <= LIMITS.modalTitle);
        assert.ok(String(view.private_metadata).length <= LIMITS.privateMetadata);
        if (view.submit) assert.ok(view.submit.text.length <= LIMITS.modalTitle);
        assert.doesNotMatch(JSON.stringify(view), /\u2060/, 'the template engine’s invisible escapes are removed');
      });
    }
  }

  it('maps every input type to its Block Kit element, keeping the current answers', () => {
    const { blocks } = convertCard(renderEvery()['wizard-step'].full, 'modal');
    const byId = Object.fromEntries(blocks.filter((b) => b.type === 'input').map((b) => [b.block_id, wire(b.element)]));
    assert.deepEqual({ type: byId.summary.type, multiline: byId.summary.multiline, initial_value: byId.summary.initial_value }, { type: 'plain_text_input', multiline: true, initial_value: 'A pupil showed me a message.' });
    assert.equal(byId.date.type, 'datepicker');
    assert.equal(byId.date.initial_date, '2026-03-04');
    assert.equal(byId.time.type, 'timepicker');
    assert.equal(byId.time.initial_time, '13:45');
    assert.equal(byId.told.type, 'radio_buttons');
    assert.deepEqual((byId.told.initial_option as Obj).value, 'yes');
    assert.equal(byId.apps.type, 'checkboxes');
    assert.deepEqual((byId.apps.initial_options as Obj[]).map((o) => o.value), ['snapchat', 'other']);
    assert.equal(byId.subject.type, 'external_select');
  });

  it('turns a person picker into an external_select that asks the bot for names, showing the person already chosen', () => {
    const { blocks } = convertCard(renderEvery()['wizard-step'].full, 'modal');
    const picker = wire(blocks.find((b) => b.block_id === 'subject'));
    const el = wire(picker.element);
    assert.deepEqual(
      { type: el.type, action_id: el.action_id, min_query_length: el.min_query_length, options: el.options },
      { type: 'external_select', action_id: 'subject', min_query_length: MIN_QUERY_LENGTH, options: undefined },
    );
    assert.deepEqual(el.initial_option, { text: { type: 'plain_text', text: 'Helen Carter', emoji: false }, value: 'helen.carter@school.test' });
    assert.equal((el.placeholder as Obj).text, 'Type a name or a role');
    assert.equal(picker.optional, true);
  });

  it('gives an external_select no initial option when nothing was chosen yet', () => {
    const card = renderWizardStep({ draftId: 'd', stepId: 's', title: 'Who', banners: [], canGoBack: false, fields: [{ id: 'subject_email', label: 'Who?', type: 'person', dataset: 'people', required: false, choices: [{ value: 'other', title: 'Someone not on this list' }] }] });
    const el = wire(wire(convertCard(card, 'modal').blocks.find((b) => b.type === 'input')).element);
    assert.equal(el.type, 'external_select');
    assert.equal(el.initial_option, undefined);
  });

  it('builds options from picker results, clipping long names to what Slack shows', () => {
    const { options } = optionsFor([{ value: 'h.carter@s.uk', title: 'Helen Carter' }, { value: 'x@s.uk', title: 'N'.repeat(100) }]);
    assert.deepEqual(options[0], { text: { type: 'plain_text', text: 'Helen Carter', emoji: false }, value: 'h.carter@s.uk' });
    assert.equal(options[1].text.text.length, LIMITS.optionText);
  });

  it('uses a multi-select menu when a choice list is longer than checkboxes allow', () => {
    const choices = Array.from({ length: 20 }, (_, i) => ({ value: `k${i}`, title: `Kind ${i}` }));
    const card = renderWizardStep({ draftId: 'd', stepId: 's', title: 'Kinds', banners: [], canGoBack: false, fields: [{ id: 'kinds', label: 'Kinds', type: 'multichoice', required: true, choices }] });
    const input = wire(convertCard(card, 'modal').blocks.find((b) => b.type === 'input'));
    assert.equal(wire(input.element).type, 'multi_static_select');
  });

  it('reads submitted state back into the values the core expects, multi-selects comma-separated', () => {
    const view = toModal(renderEvery()['wizard-step'].full, { title: 'T', callbackId: 'c', privateMetadata: '{}' });
    const values = { summary: 'x', date: '2026-01-02', time: '09:30', told: 'no', apps: 'tiktok,other', subject: 'sam.p@school.test' };
    assert.deepEqual(inputsFromState(stateFor(wire(view), values)), values);
  });

  it('turns the positive action into the modal’s submit button, with its references in private_metadata', () => {
    const view = modalFor(renderEvery()['wizard-step'].full, 'report.next');
    assert.equal(view.submit?.text, 'Next');
    const meta = JSON.parse(String(view.private_metadata));
    assert.equal(meta.v, 'report.next');
    assert.deepEqual(meta.d, { draftId: 'draft-1', stepId: 'what-happened' });
    assert.match(meta.k, /^[0-9a-f-]{36}$/);
    assert.ok(!JSON.stringify(view.blocks).includes('"report.next"'), 'not also a button');
  });

  it('shows user text as plain_text only, so <!channel> and *stars* stay literal', () => {
    const card = renderNotice({ title: 'Hi <!channel>', text: '<@U123> *bold* & <https://x|y>' });
    const json = JSON.stringify(toMessage(card, 'x').blocks);
    assert.doesNotMatch(json, /"mrkdwn"/);
    assert.match(json, /<!channel>/);
    assert.equal(escapeMrkdwn('<!here> & <@U1>'), '&lt;!here&gt; &amp; &lt;@U1&gt;');
    assert.equal(toMessage(card, 'ping <!channel>').text, 'ping &lt;!channel&gt;');
  });

  it('splits text longer than a section allows over two sections, losing nothing', () => {
    const long = 'a'.repeat(LIMITS.sectionText + 10);
    const blocks = toMessage(renderNotice({ title: 't', text: long }), 'x').blocks;
    const joined = blocks.map((b) => String(wire(wire(b).text)?.text ?? '')).join('');
    assert.ok(joined.includes(long));
    assert.deepEqual(problems(blocks, LIMITS.messageBlocks), []);
  });

  it('refuses private_metadata longer than Slack keeps', () => {
    assert.throws(() => toModal(renderNotice({ title: 't', text: 'x' }), { title: 't', callbackId: 'c', privateMetadata: 'x'.repeat(3001) }), /SLACK_METADATA_TOO_LONG/);
  });
});

import assert from 'node:assert/strict';
import { renderNotice, renderReview, renderWizardStep, TRUNCATION_MARKER, type AdaptiveCard } from '../../../src/cards';
import { convertCard, LIMITS, toMessage, toModal, type Block } from '../../../src/platforms/slack/blockkit';
import { fitBlocks, LEFT_OUT_NOTE } from '../../../src/platforms/slack/fit';
import { blockProblems, slackRefusal, textChars } from '../../helpers/slack-limits';

type Obj = Record<string, unknown>;

const ANSWERS: Record<string, string> = {
  ASCII: 'The pupil said the messages began in September. '.repeat(90),
  CJK: '学生说这些信息是九月开始的。'.repeat(140),
  emoji: '😀😢👍🏽👩‍👩‍👧‍👦'.repeat(300),
};

const review = (answer: string): AdaptiveCard =>
  renderReview({
    draftId: '00000000-0000-4000-8000-000000000001',
    banners: [],
    routeText: 'the safeguarding team',
    sections: Array.from({ length: 6 }, (_, i) => ({ stepId: `s${i}`, title: `Step ${i + 1}`, facts: [{ title: 'What happened?', value: answer }, { title: 'Who else knows?', value: answer }] })),
  });

const texts = (blocks: Block[]) => JSON.stringify(blocks);
const noLoneSurrogate = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
const allText = (blocks: Block[]): string[] => {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Obj;
      if (o.type === 'plain_text' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out;
};

describe('slack: views within Block Kit limits', () => {
  for (const [script, answer] of Object.entries(ANSWERS)) {
    it(`fits a message of maximum-length ${script} answers that Slack would otherwise refuse`, () => {
      const card = review(answer);
      assert.notEqual(slackRefusal('chat.postMessage', { blocks: convertCard(card, 'message').blocks }), null, 'the test needs a message Slack refuses');
      const { blocks, text } = toMessage(card, 'A report');
      assert.equal(slackRefusal('chat.postMessage', { blocks, text }), null);
      assert.ok(texts(blocks).includes(TRUNCATION_MARKER), 'what was cut says so');
      assert.ok(allText(blocks).every(noLoneSurrogate), 'no emoji was split');
      assert.ok(blocks.some((b) => b.type === 'actions'), 'the buttons are all still there');
    });

    it(`fits a modal of maximum-length ${script} answers, keeping its submit button`, () => {
      const view = toModal(review(answer), { title: 'Report a concern', callbackId: 'c', privateMetadata: '{}' });
      assert.equal(slackRefusal('views.open', { view }), null);
      assert.ok(view.submit, 'the Send button is kept');
    });
  }

  it('keeps a modal title, its submit and its close within 24 characters, at a grapheme boundary', () => {
    const card = renderWizardStep({ draftId: 'd', stepId: 's', title: 't', banners: [], canGoBack: false, fields: [{ id: 'a', label: 'A', type: 'text', required: true }] });
    const view = toModal(card, { title: '👩‍👩‍👧‍👦 A very long title for a modal indeed', callbackId: 'c', privateMetadata: '{}' });
    assert.ok(view.title.text.length <= LIMITS.modalTitle);
    assert.ok(noLoneSurrogate(view.title.text));
    assert.equal(slackRefusal('views.open', { view }), null);
  });

  it('leaves out reading text, never a button or an input, when nothing else fits, and says so', () => {
    const many: Block[] = [
      ...Array.from({ length: 120 }, (_, i): Block => ({ type: 'section', text: { type: 'plain_text', text: `Line ${i}` } })),
      { type: 'input', block_id: 'note', label: { type: 'plain_text', text: 'Note' }, element: { type: 'plain_text_input', action_id: 'note' } },
      { type: 'actions', elements: [{ type: 'button', action_id: 'x', text: { type: 'plain_text', text: 'Save' }, value: '{}' }] },
    ];
    const fitted = fitBlocks(many, { maxBlocks: LIMITS.modalBlocks }, () => many);
    assert.deepEqual(blockProblems(fitted, LIMITS.modalBlocks), []);
    assert.ok(fitted.some((b) => b.type === 'input') && fitted.some((b) => b.type === 'actions'));
    assert.ok(texts(fitted).includes(LEFT_OUT_NOTE));
    assert.ok(texts(fitted).includes('"Line 0"'), 'the top is kept');
  });

  it('keeps a message’s total block text under what Slack accepts', () => {
    const card = { ...renderNotice({ title: 't', text: 'x' }), body: Array.from({ length: 40 }, () => ({ type: 'TextBlock', text: 'y'.repeat(1000), wrap: true })) } as AdaptiveCard;
    const { blocks } = toMessage(card, 'x');
    assert.ok(textChars(blocks) <= LIMITS.messageBlocksText, `${textChars(blocks)} chars`);
    assert.equal(slackRefusal('chat.postMessage', { blocks }), null);
  });

  it('is refused by the fake as Slack refuses: too many blocks, too long a text, too long a title', () => {
    const section = (n: number) => ({ type: 'section', text: { type: 'plain_text', text: 'a'.repeat(n) } });
    assert.equal(slackRefusal('chat.postMessage', { blocks: Array.from({ length: 51 }, () => section(1)) })?.error, 'invalid_blocks');
    assert.equal(slackRefusal('chat.postMessage', { blocks: [section(3001)] })?.error, 'invalid_blocks');
    assert.equal(slackRefusal('chat.postMessage', { text: 'a'.repeat(40_001) })?.error, 'msg_too_long');
    assert.equal(slackRefusal('chat.postMessage', { blocks: Array.from({ length: 5 }, () => section(2900)) })?.error, 'msg_blocks_too_long');
    assert.equal(slackRefusal('views.open', { view: { type: 'modal', title: { type: 'plain_text', text: 'a'.repeat(25) }, blocks: [] } })?.error, 'invalid_arguments');
    assert.equal(slackRefusal('views.update', { view: { type: 'modal', title: { type: 'plain_text', text: 'ok' }, blocks: Array.from({ length: 101 }, () => section(1)) } })?.error, 'invalid_arguments');
  });
});

import assert from 'node:assert/strict';
import { boundCard, CARD_TOO_LARGE, cutText, jsonBytes, renderNotice, renderReview, sizeOf, splitText, TRUNCATION_MARKER, type AdaptiveCard } from '../../src/cards';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const graphemes = (s: string) => [...segmenter.segment(s)].map((g) => g.segment);

/** True when `cut` is whole graphemes of `text` from its start (no pair, ZWJ sequence or mark split). */
function isGraphemePrefix(text: string, cut: string): boolean {
  const whole = graphemes(text);
  const part = graphemes(cut);
  return part.every((g, i) => g === whole[i]);
}

const noLoneSurrogate = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

// Maximum-length texts in every script the school may write in.
const TEXTS = {
  ascii: 'The pupil said the messages started in September. '.repeat(200),
  cjk: '学生说这些信息是九月开始的。'.repeat(500),
  emoji: '😀😢👍🏽'.repeat(1500),
  zwj: '👩‍👩‍👧‍👦👨🏽‍💻🏳️‍🌈'.repeat(800),
  combining: 'e\u0301a\u0308o\u0302n\u0303'.repeat(1500),
};

describe('cards: bounded text', () => {
  for (const [script, text] of Object.entries(TEXTS)) {
    for (const unit of ['chars', 'bytes'] as const) {
      it(`cuts ${script} text to the limit in ${unit} at a grapheme boundary, ending with the marker`, () => {
        for (const max of [500, 1001, 2999]) {
          const cut = cutText(text, max, unit);
          assert.ok(sizeOf(cut, unit) <= max, `${sizeOf(cut, unit)} > ${max}`);
          assert.ok(cut.endsWith(TRUNCATION_MARKER));
          const kept = cut.slice(0, -TRUNCATION_MARKER.length);
          assert.ok(kept.length > 0);
          assert.ok(isGraphemePrefix(text, kept), `${script} was cut inside a grapheme`);
          assert.ok(noLoneSurrogate(cut));
        }
      });
    }
  }

  it('leaves text that fits exactly as it is, with no marker', () => {
    const text = TEXTS.cjk.slice(0, 100);
    assert.equal(cutText(text, sizeOf(text, 'bytes'), 'bytes'), text);
  });

  it('never keeps half of a family emoji: a ZWJ sequence is kept whole or not at all', () => {
    const family = '👩‍👩‍👧‍👦';
    for (let max = TRUNCATION_MARKER.length; max < TRUNCATION_MARKER.length + family.length * 3; max++) {
      const kept = cutText(family.repeat(10), max).slice(0, -TRUNCATION_MARKER.length);
      assert.equal(kept.length % family.length, 0, `max ${max} kept ${JSON.stringify(kept)}`);
    }
  });

  it('never separates an accent from its letter', () => {
    const kept = cutText('e\u0301'.repeat(100), TRUNCATION_MARKER.length + 3).slice(0, -TRUNCATION_MARKER.length);
    assert.equal(kept, 'e\u0301');
  });

  it('splits long text into pieces within the limit that join back to the whole text', () => {
    for (const text of Object.values(TEXTS)) {
      const pieces = splitText(text, 3000);
      assert.equal(pieces.join(''), text);
      for (const p of pieces) {
        assert.ok(p.length <= 3000);
        assert.ok(noLoneSurrogate(p));
      }
    }
  });
});

describe('cards: bounded cards', () => {
  const review = (answer: string): AdaptiveCard =>
    renderReview({
      draftId: 'd-1',
      banners: [],
      routeText: 'the safeguarding team',
      sections: [1, 2, 3].map((n) => ({ stepId: `s${n}`, title: `Step ${n}`, facts: [{ title: 'What happened?', value: answer }, { title: 'Who else knows?', value: answer }] })),
    });

  for (const [script, text] of Object.entries(TEXTS)) {
    it(`fits a review of maximum-length ${script} answers within the limit, each cut answer marked`, () => {
      const card = review(text);
      assert.ok(jsonBytes(card) > 26 * 1024, 'the test needs an oversize card');
      const { card: bounded, outcome } = boundCard(card, 26 * 1024);
      assert.equal(outcome, 'truncated');
      assert.ok(jsonBytes(bounded) <= 26 * 1024, `${jsonBytes(bounded)} bytes`);
      const json = JSON.stringify(bounded);
      assert.equal(json.split(TRUNCATION_MARKER).length - 1, 6, 'all six answers say they were cut');
      assert.ok(json.includes('Check and send') || json.includes('Step 1'), 'the card is still the review');
    });
  }

  it('returns a card that already fits unchanged', () => {
    const card = review('Short.');
    assert.equal(boundCard(card, 26 * 1024).card, card);
    assert.equal(boundCard(card, 26 * 1024).outcome, 'fits');
  });

  it('cuts as little as it must: a card just over the limit keeps most of each answer', () => {
    const card = review('a'.repeat(5000));
    const limit = jsonBytes(card) - 500;
    const { card: bounded } = boundCard(card, limit);
    assert.ok(jsonBytes(bounded) <= limit);
    assert.ok(jsonBytes(bounded) > limit - 400, 'no more is cut than needed');
  });

  it('never cuts a value the person typed into an input', () => {
    const typed = '我'.repeat(2000);
    const card = { ...renderNotice({ title: 't', text: 'x'.repeat(20_000) }), body: [{ type: 'Input.Text', id: 'what', value: typed }, { type: 'TextBlock', text: 'y'.repeat(20_000) }] } as AdaptiveCard;
    const { card: bounded } = boundCard(card, 16 * 1024);
    assert.equal((bounded.body as { value?: string }[])[0].value, typed);
  });

  it('sends the CARD_TOO_LARGE notice, echoing nothing, when even cut text cannot fit', () => {
    const secret = 'Secret-detail-';
    const many = { ...renderNotice({ title: 't', text: 'x' }), body: Array.from({ length: 400 }, () => ({ type: 'TextBlock', text: `${secret}${'z'.repeat(500)}` })) } as AdaptiveCard;
    const { card, outcome } = boundCard(many, 26 * 1024);
    assert.equal(outcome, CARD_TOO_LARGE);
    const json = JSON.stringify(card);
    assert.ok(json.includes(CARD_TOO_LARGE));
    assert.equal(json.includes(secret), false, 'the notice repeats nothing of the card');
    assert.ok(jsonBytes(card) < 2048);
  });
});

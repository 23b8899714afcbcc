import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  cardsDir,
  escapeText,
  renderAskReporter,
  renderConfirmation,
  renderIncidentDetails,
  renderIncidentSummary,
  renderNotice,
  renderReview,
  renderWizardStep,
  unescapeText,
} from '../../src/cards';
import { details, summary, wizardStep } from './fixtures';
import { findAll, inputById, textRuns, walk } from './walk';

const HOSTILE = [
  '${x}',
  '${$root.refreshUserIds}',
  '{{DATE(2026-03-04T13:50:00Z, SHORT)}}',
  '{{{TIME(2026-03-04T13:50:00Z)}}}',
  '<!channel> <!here> <@U123>',
  '**bold** _italic_ # heading',
  '[link](http://evil.example)',
  '$${{ mixed }}$',
];

/** Asserts the card shows `text` literally, only in TextRuns (never Markdown-parsed), with no live `${` or `{{`. */
function assertShownLiterally(card: unknown, text: string): void {
  const runs = textRuns(card).filter((run) => unescapeText(run).includes(text));
  assert.ok(runs.length > 0, `"${text}" is not shown`);
  for (const run of runs) assert.doesNotMatch(run, /\$\{|\{\{/);
  for (const block of findAll(card, (t) => t === 'TextBlock')) assert.equal(String(block.text).includes(text), false);
}

describe('cards: escaping user text', () => {
  it('breaks ${ and {{ with an invisible character and can undo it exactly', () => {
    for (const text of [...HOSTILE, '', 'plain', '$', '{', '$ {', '{ {', '\u2060']) {
      const escaped = escapeText(text);
      assert.doesNotMatch(escaped, /\$\{|\{\{/);
      assert.equal(escaped.replace(/\u2060/g, ''), text.replace(/\u2060/g, ''));
      if (!text.includes('\u2060')) assert.equal(unescapeText(escaped), text);
    }
  });

  it('keeps every binding in the templates out of TextBlocks, so data is never parsed as Markdown', () => {
    for (const file of fs.readdirSync(cardsDir()).filter((f) => f.endsWith('.json'))) {
      const json: unknown = JSON.parse(fs.readFileSync(path.join(cardsDir(), file), 'utf8'));
      walk(json, (obj, at) => {
        assert.notEqual(obj.type, 'FactSet', `${file} ${at}`);
        if (obj.type === 'TextBlock') assert.doesNotMatch(String(obj.text), /\$\{/, `${file} ${at}`);
      });
    }
  });

  for (const text of HOSTILE) {
    describe(`with ${JSON.stringify(text)}`, () => {
      it('shows it literally in a review answer and a section title', () => {
        const card = renderReview({ draftId: 'd', routeText: 'the safeguarding team (the DSL and deputies)', banners: [], sections: [{ stepId: 's', title: text, facts: [{ title: 'Q', value: text }] }] });
        assertShownLiterally(card, text);
      });

      it('shows it literally in the incident details, chronology and proposal', () => {
        const card = renderIncidentDetails(
          details({
            reportedBy: text,
            sections: [{ title: 'S', facts: [{ title: text, value: text }] }],
            chronology: [{ at: 'now', actor: 'A', text }],
            pendingProposal: { decisionLabel: 'Police', proposedByName: 'B', rationale: text },
          }),
        );
        assertShownLiterally(card, text);
      });

      it('shows it literally in a notice, a question, a confirmation step and a summary', () => {
        assertShownLiterally(renderNotice({ title: 'T', text }), text);
        assertShownLiterally(renderAskReporter({ requestId: 'r', reference: 'OS-1', question: text, askedByName: 'Sam' }), text);
        assertShownLiterally(renderConfirmation({ reference: 'OS-1', urgent: false, whoIsTold: 'the team', nextSteps: [text] }), text);
        assertShownLiterally(renderIncidentSummary(summary({ ownerName: text })), text);
      });

      it('gives it back exactly as typed in a wizard input, so the record is not changed', () => {
        const card = renderWizardStep(wizardStep({ fields: [{ id: 'summary', label: 'What happened', type: 'multiline', required: true, value: text }] }));
        assert.equal(inputById(card, 'summary').value, text);
      });
    });
  }

  it('does not let text that looks like a binding read other data', () => {
    const card = renderAskReporter({ requestId: 'req-secret', reference: 'OS-1', question: '${requestId}', askedByName: 'Sam' });
    assert.equal(textRuns(card).some((run) => run.includes('req-secret')), false);
  });
});

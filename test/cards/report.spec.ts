import assert from 'node:assert/strict';
import { renderConfirmation, renderReview, renderWizardStep, VERBS } from '../../src/cards';
import type { WizardField } from '../../src/cards';
import { minimalWizardStep, wizardStep } from './fixtures';
import type { Node } from './walk';
import { actionByTitle, findAll, inputById, inputsOf, textRuns, visibleLines } from './walk';

const field = (over: Partial<WizardField>): WizardField => ({ id: 'f', label: 'Label', type: 'text', required: false, ...over });
const renderOne = (over: Partial<WizardField>) => renderWizardStep(wizardStep({ banners: [], fields: [field(over)] }));

describe('cards: wizard step', () => {
  const cases: [WizardField['type'], Partial<Node>][] = [
    ['text', { type: 'Input.Text' }],
    ['multiline', { type: 'Input.Text', isMultiline: true }],
    ['url', { type: 'Input.Text', style: 'Url' }],
    ['date', { type: 'Input.Date' }],
    ['time', { type: 'Input.Time' }],
    ['choice', { type: 'Input.ChoiceSet', style: 'expanded' }],
    ['multichoice', { type: 'Input.ChoiceSet', style: 'expanded', isMultiSelect: true }],
  ];
  for (const [type, expected] of cases) {
    it(`renders a ${type} field as exactly one ${String(expected.type)} with the field id, label and required flag`, () => {
      const card = renderOne({ id: 'answer', label: 'Your answer', type, required: true, choices: [{ value: 'a', title: 'A' }] });
      assert.equal(inputsOf(card).length, 1);
      const input = inputById(card, 'answer');
      for (const [key, value] of Object.entries(expected)) assert.equal(input[key], value, key);
      assert.equal(input.label, 'Your answer');
      assert.equal(input.isRequired, true);
      if (type !== 'multiline') assert.equal(input.isMultiline, undefined);
      if (type !== 'multichoice') assert.equal(input.isMultiSelect, undefined);
    });
  }

  it('renders a person field as a filtered choice set that searches the bot (Data.Query), with its initial choices', () => {
    const card = renderOne({ id: 'subject_email', label: 'Who is it about?', type: 'person', dataset: 'people', required: false, placeholder: 'Type a name or a role', choices: [{ value: 'h.carter@s.uk', title: 'Helen Carter' }, { value: 'other', title: 'Someone not on this list' }], value: 'h.carter@s.uk' });
    assert.equal(inputsOf(card).length, 1);
    const input = inputById(card, 'subject_email');
    assert.equal(input.type, 'Input.ChoiceSet');
    assert.equal(input.style, 'filtered');
    assert.equal(input.isMultiSelect, undefined);
    assert.deepEqual(input['choices.data'], { type: 'Data.Query', dataset: 'people' });
    assert.deepEqual(input.choices, [{ value: 'h.carter@s.uk', title: 'Helen Carter' }, { value: 'other', title: 'Someone not on this list' }]);
    assert.equal(input.value, 'h.carter@s.uk');
    assert.equal(input.placeholder, 'Type a name or a role');
  });

  it('keeps the current value of every field, so going back to a step shows what was typed', () => {
    const card = renderWizardStep(wizardStep());
    assert.equal(inputById(card, 'summary').value, 'A pupil showed me a message.');
    assert.equal(inputById(card, 'link').value, 'https://example.org/post');
    assert.equal(inputById(card, 'date').value, '2026-03-04');
    assert.equal(inputById(card, 'time').value, '13:45');
    assert.equal(inputById(card, 'told').value, 'yes');
  });

  it('renders a multichoice field as a multi-select with the values joined by commas', () => {
    const card = renderWizardStep(wizardStep());
    const apps = inputById(card, 'apps');
    assert.equal(apps.isMultiSelect, true);
    assert.equal(apps.value, 'snapchat,other');
    assert.deepEqual(apps.choices, [
      { value: 'snapchat', title: 'Snapchat' },
      { value: 'tiktok', title: 'TikTok' },
      { value: 'other', title: 'Other' },
    ]);
  });

  it('passes placeholder and maximum length through, and leaves them out when not given', () => {
    const given = inputById(renderOne({ id: 'a', placeholder: 'e.g. the library', maxLength: 200, value: 'x' }), 'a');
    assert.equal(given.placeholder, 'e.g. the library');
    assert.equal(given.maxLength, 200);
    const bare = inputById(renderOne({ id: 'a' }), 'a');
    assert.deepEqual(Object.keys(bare).sort(), ['errorMessage', 'id', 'isRequired', 'label', 'type']);
  });

  it('shows a field error in attention colour right after its input, and help text subtly', () => {
    const card = renderOne({ id: 'a', help: 'Any detail helps.', error: 'Please tell us where.' });
    const container = (card.body as Node[]).find((el) => el.type === 'Container') as Node;
    const items = container.items as Node[];
    assert.equal(items[0].id, 'a');
    const runs = items.slice(1).map((el) => (el.inlines as Node[])[0]);
    assert.deepEqual(runs.map((r) => r.text), ['Any detail helps.', 'Please tell us where.']);
    assert.equal(runs[0].isSubtle, true);
    assert.equal(runs[1].color, 'Attention');
  });

  it('shows no error or help text for a field without them', () => {
    const card = renderOne({ id: 'a' });
    assert.equal(findAll(card, (t) => t === 'RichTextBlock').some((b) => (b.inlines as Node[])[0].color === 'Attention'), false);
  });

  it('shows the title, progress and introduction, and drops the ones not given', () => {
    assert.deepEqual(textRuns(renderWizardStep(wizardStep({ banners: [], fields: [] }))), [
      'Step 2 of 5',
      'What happened?',
      'Tell us what you saw or heard, in your own words.',
    ]);
    assert.deepEqual(textRuns(renderWizardStep({ ...minimalWizardStep(), fields: [] })), ['Who is the concern about?']);
  });

  it('shows a danger banner in attention style and a UKCIS banner as emphasis', () => {
    const containers = findAll(renderWizardStep(wizardStep()), (t) => t === 'Container').filter((c) => c.style);
    assert.deepEqual(containers.map((c) => c.style), ['attention', 'emphasis']);
    assert.deepEqual(visibleLines(containers[0]), ['Is a child in immediate danger?', 'Call 999 now, then tell a DSL in person.']);
  });

  it('sends Next with the draft and step, and the inputs', () => {
    const next = actionByTitle(renderWizardStep(wizardStep()), 'Next') as Node;
    assert.equal(next.verb, VERBS.reportNext);
    assert.deepEqual(next.data, { draftId: 'draft-1', stepId: 'what-happened' });
    assert.equal(next.associatedInputs, undefined);
  });

  it('offers Back only when there is a step to go back to', () => {
    assert.equal(actionByTitle(renderWizardStep(wizardStep({ canGoBack: true })), 'Back')?.verb, VERBS.reportBack);
    assert.equal(actionByTitle(renderWizardStep(wizardStep({ canGoBack: false })), 'Back'), undefined);
  });

  it('lets Back and Cancel go without the inputs, so an unanswered required field never blocks them', () => {
    const card = renderWizardStep(wizardStep());
    const back = actionByTitle(card, 'Back') as Node;
    const cancel = actionByTitle(card, 'Cancel report') as Node;
    assert.equal(back.associatedInputs, 'none');
    assert.deepEqual(back.data, { draftId: 'draft-1', stepId: 'what-happened' });
    assert.equal(cancel.verb, VERBS.reportCancel);
    assert.equal(cancel.associatedInputs, 'none');
    assert.deepEqual(cancel.data, { draftId: 'draft-1' });
  });
});

describe('cards: review', () => {
  const card = renderReview({ draftId: 'draft-1', routeText: 'the safeguarding team (the DSL and deputies)',
    banners: [],
    sections: [
      { stepId: 'what', title: 'What happened', facts: [{ title: 'Where', value: 'Library' }, { title: 'When', value: ' ' }] },
      { stepId: 'who', title: 'Who was involved', facts: [{ title: 'Pupils', value: 'Year 9' }] },
    ],
  });

  it('shows each section title, then each answer under its question, then who will be told', () => {
    assert.deepEqual(visibleLines(card).slice(2), ['What happened', 'Where', 'Library', 'When', 'Not answered', 'Who was involved', 'Pupils', 'Year 9', 'Who will be told', 'the safeguarding team (the DSL and deputies)']);
  });

  it('gives each section an Edit button that returns to its step', () => {
    const edits = findAll(card, (t) => t === 'Action.Execute').filter((a) => a.verb === VERBS.reportEdit);
    assert.deepEqual(edits.map((e) => e.data), [
      { draftId: 'draft-1', stepId: 'what' },
      { draftId: 'draft-1', stepId: 'who' },
    ]);
    assert.ok(edits.every((e) => e.title === 'Edit' && e.associatedInputs === 'none'));
  });

  it('sends the report or cancels it with only the draft id', () => {
    assert.deepEqual(actionByTitle(card, 'Send report')?.data, { draftId: 'draft-1' });
    assert.equal(actionByTitle(card, 'Send report')?.verb, VERBS.reportSubmit);
    assert.deepEqual(actionByTitle(card, 'Cancel report')?.data, { draftId: 'draft-1' });
  });
});

describe('cards: confirmation', () => {
  it('says the report was received, who is being told and what happens next', () => {
    const lines = visibleLines(renderConfirmation({ reference: 'OS-2026-0042', urgent: false, whoIsTold: 'We are now telling the safeguarding team.', nextSteps: ['A DSL will read it today.'] }));
    assert.equal(lines[0], 'Report OS-2026-0042 received');
    assert.ok(lines.includes('We are now telling the safeguarding team.'));
    assert.ok(!lines.some((l) => /we have told/i.test(l)), 'nothing claims it was delivered already');
    assert.ok(lines.includes('What happens next'));
    assert.ok(lines.includes('• A DSL will read it today.'));
  });

  it('reminds the reporter to call 999 only when the report is urgent', () => {
    const says999 = (urgent: boolean) =>
      visibleLines(renderConfirmation({ reference: 'OS-1', urgent, whoIsTold: 'the team', nextSteps: [] })).some((l) => l.includes('call 999'));
    assert.equal(says999(true), true);
    assert.equal(says999(false), false);
  });

  it('leaves out the next-steps heading when there are none', () => {
    const lines = visibleLines(renderConfirmation({ reference: 'OS-1', urgent: false, whoIsTold: 'the team', nextSteps: [] }));
    assert.equal(lines.includes('What happens next'), false);
  });
});

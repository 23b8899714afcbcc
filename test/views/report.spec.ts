import assert from 'node:assert/strict';
import { wizardCard, INITIAL_PEOPLE } from '../../src/views/report';
import { getStep } from '../../src/core/incidents/wizard';
import type { WizardView } from '../../src/core/incidents/report-flow';
import { inputById } from '../cards/walk';

const people = ['Zoe Adams', 'Helen Carter', 'Sam Cartwright', 'Priya Shah', 'Dev Okafor', 'Ann Lee', 'Tom Richards', 'Bea Young'].map((name) => ({ name, email: `${name.split(' ')[1].toLowerCase()}@oakfield.sch.uk` }));

function staffSubjectCard(value?: string) {
  const view: WizardView = { kind: 'step', draftId: 'd1', step: getStep('staff_subject', { people }), values: value ? { subject_email: value } : {}, errors: {}, banners: [], canGoBack: true, progress: 'Step 3 of 5' };
  return wizardCard(view);
}

describe('views: the person picker on the wizard card', () => {
  it('lists only a few people before the reporter types, alphabetically, and the way out last', () => {
    const input = inputById(staffSubjectCard(), 'subject_email');
    const titles = (input.choices as { title: string }[]).map((c) => c.title);
    assert.equal(titles.length, INITIAL_PEOPLE + 1);
    assert.deepEqual(titles, ['Ann Lee', 'Bea Young', 'Dev Okafor', 'Helen Carter', 'Priya Shah', 'Someone not on this list']);
    assert.deepEqual(input['choices.data'], { type: 'Data.Query', dataset: 'people' });
  });

  it('keeps the person already chosen in the list, so a revisited step still shows them', () => {
    const input = inputById(staffSubjectCard('young@oakfield.sch.uk'), 'subject_email');
    assert.equal(input.value, 'young@oakfield.sch.uk');
    const choices = input.choices as { value: string; title: string }[];
    assert.deepEqual(choices[0], { value: 'young@oakfield.sch.uk', title: 'Bea Young' });
    assert.equal(choices.length, INITIAL_PEOPLE + 1);
    assert.equal(choices.filter((c) => c.value === 'young@oakfield.sch.uk').length, 1);
  });

  it('keeps "someone not on this list" once when it was the answer', () => {
    const input = inputById(staffSubjectCard('other'), 'subject_email');
    assert.equal((input.choices as { value: string }[]).filter((c) => c.value === 'other').length, 1);
    assert.equal(input.value, 'other');
  });
});

import assert from 'node:assert/strict';
import { adultInvolved, decisionsFor, DECISION_LABELS } from '../../../src/core/incident-actions/decisions';
import type { Answers, Category } from '../../../src/core/model';

const inc = (category: Category, answers: Answers = {}, subjectName: string | null = null) => ({ category, answers, subjectEmail: null, subjectName });

describe('escalations: which decisions are offered', () => {
  it('offers CEOP and the IWF as separate decisions and never the legacy combined one', () => {
    const offered = decisionsFor(inc('pupil'));
    assert.ok(offered.includes('ceop') && offered.includes('iwf'));
    assert.ok(!offered.includes('ceop_iwf'));
  });

  it('still reads a stored legacy CEOP / IWF decision', () => {
    assert.match(DECISION_LABELS.ceop_iwf, /CEOP \/ IWF/);
  });

  it('offers the LADO for a staff concern and for a pupil concern naming a member of staff, a parent or someone else', () => {
    assert.ok(decisionsFor(inc('staff', {}, 'Mrs Carter')).includes('lado'));
    for (const group of ['staff', 'parent_carer', 'other']) {
      assert.ok(decisionsFor(inc('pupil', { person1_group: 'pupil', person3_group: group })).includes('lado'), group);
    }
  });

  it('does not offer the LADO when only pupils are involved, or on a filtering problem', () => {
    assert.ok(!decisionsFor(inc('pupil', { person1_group: 'pupil', person2_group: 'pupil' })).includes('lado'));
    assert.ok(!adultInvolved(inc('filtering', { group: 'staff' })));
  });
});

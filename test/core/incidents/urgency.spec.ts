import assert from 'node:assert/strict';
import { isUrgent, needsUkcisWarning } from '../../../src/core/incidents/urgency';

describe('incidents: urgency', () => {
  it('makes a report urgent when a child is in immediate danger, whatever the kinds', () => {
    assert.equal(isUrgent({ immediateDanger: true, kinds: [] }), true);
    assert.equal(isUrgent({ immediateDanger: true, kinds: ['online_gambling'] }), true);
  });

  it('makes a report urgent when any kind is on the 000 part 2 must-escalate list', () => {
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['online_bullying', 'grooming'] }), true);
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['sexting'] }), true);
  });

  it('does not page anyone for online bullying alone with no immediate danger', () => {
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['online_bullying', 'age_inappropriate_sites'] }), false);
    assert.equal(isUrgent({ immediateDanger: false, kinds: [] }), false);
  });

  it('ignores kind ids it does not know', () => {
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['made_up'] }), false);
    assert.equal(needsUkcisWarning(['made_up']), false);
  });

  it('warns about images for sexting, non-consensual images, CSAM and grooming', () => {
    for (const k of ['sexting', 'non_consensual_images', 'csam', 'grooming']) assert.equal(needsUkcisWarning([k]), true, k);
    assert.equal(needsUkcisWarning(['online_bullying', 'sexting']), true);
  });

  it('does not warn about images for bullying, gambling or hacking', () => {
    assert.equal(needsUkcisWarning(['online_bullying', 'online_gambling', 'hacking']), false);
    assert.equal(needsUkcisWarning([]), false);
  });
});

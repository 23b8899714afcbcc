import assert from 'node:assert/strict';
import { effectiveTriage } from '../../../src/core/incidents/kinds';
import { isSerious, isUrgent, needsUkcisWarning } from '../../../src/core/incidents/urgency';

describe('incidents: urgency', () => {
  it('makes a report urgent when a child is in immediate danger, whatever the kinds', () => {
    assert.equal(isUrgent({ immediateDanger: true, kinds: [] }), true);
    assert.equal(isUrgent({ immediateDanger: true, kinds: ['online_gambling'] }), true);
  });

  it('pages now for grooming, sexting, sextortion, self-harm, radicalisation and a missing child', () => {
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['online_bullying', 'grooming'] }), true);
    for (const k of ['sexting', 'sextortion', 'self_harm', 'radicalisation', 'missing_child', 'deepfake_sexual_images', 'upskirting']) assert.equal(isUrgent({ immediateDanger: false, kinds: [k] }), true, k);
  });

  it('records copyright and hacking as serious without paging anyone', () => {
    for (const k of ['copyright', 'hacking']) {
      assert.equal(isUrgent({ immediateDanger: false, kinds: [k] }), false, k);
      assert.equal(isSerious({ immediateDanger: false, kinds: [k] }), true, k);
    }
  });

  it('neither pages nor flags misinformation or online bullying alone', () => {
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['misinformation', 'online_bullying'] }), false);
    assert.equal(isSerious({ immediateDanger: false, kinds: ['misinformation', 'online_bullying'] }), false);
  });

  it('does not page anyone for online bullying alone with no immediate danger', () => {
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['online_bullying', 'age_inappropriate_sites'] }), false);
    assert.equal(isUrgent({ immediateDanger: false, kinds: [] }), false);
  });

  it('pages for nude images of a child on the staff path, where there are no kinds', () => {
    assert.equal(isUrgent({ immediateDanger: false, kinds: [], childImages: true }), true);
    assert.equal(isSerious({ immediateDanger: false, kinds: [], childImages: true }), true);
    assert.equal(isUrgent({ immediateDanger: false, kinds: [], childImages: false }), false);
  });

  it('treats anything that pages as serious, immediate danger included', () => {
    assert.equal(isSerious({ immediateDanger: true, kinds: [] }), true);
  });

  it('ignores kind ids it does not know', () => {
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['made_up'] }), false);
    assert.equal(isSerious({ immediateDanger: false, kinds: ['made_up'] }), false);
    assert.equal(needsUkcisWarning(['made_up']), false);
  });

  it('warns about images for sexting, non-consensual images, CSAM, grooming, sextortion, deepfakes, upskirting and pornography', () => {
    for (const k of ['sexting', 'non_consensual_images', 'csam', 'grooming', 'sextortion', 'deepfake_sexual_images', 'upskirting', 'pornographic_media']) assert.equal(needsUkcisWarning([k]), true, k);
    assert.equal(needsUkcisWarning(['online_bullying', 'sexting']), true);
  });

  it('does not warn about images for bullying, gambling or hacking', () => {
    assert.equal(needsUkcisWarning(['online_bullying', 'online_gambling', 'hacking']), false);
    assert.equal(needsUkcisWarning([]), false);
  });
});

describe('incidents: a school changes its triage', () => {
  it('pages for hacking at a school that lists it under page_now, and stops paging for upskirting under not_page_now', () => {
    const triage = effectiveTriage({ page_now: ['hacking'], not_page_now: ['upskirting'] });
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['hacking'] }, triage), true);
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['upskirting'] }, triage), false);
    assert.equal(isSerious({ immediateDanger: false, kinds: ['upskirting'] }, triage), true, 'still serious');
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['sexting'] }, triage), true, 'the other defaults stay');
  });

  it('flags online bullying as serious under serious, and copyright as not serious under not_serious', () => {
    const triage = effectiveTriage({ serious: ['online_bullying'], not_serious: ['copyright'] });
    assert.equal(isSerious({ immediateDanger: false, kinds: ['online_bullying'] }, triage), true);
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['online_bullying'] }, triage), false);
    assert.equal(isSerious({ immediateDanger: false, kinds: ['copyright'] }, triage), false);
  });

  it('makes a kind the school pages serious too', () => {
    const triage = effectiveTriage({ page_now: ['misinformation'] });
    assert.ok(triage.serious.has('misinformation'));
  });

  it('still pages for immediate danger whatever the school lists', () => {
    const triage = effectiveTriage({ not_page_now: ['sexting', 'grooming'] });
    assert.equal(isUrgent({ immediateDanger: true, kinds: ['sexting'] }, triage), true);
  });
});

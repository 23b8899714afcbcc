import assert from 'node:assert/strict';
import { FOUR_CS, FOUR_C_LABELS, KINDS, kindById, kindTitle, kindsByFourC } from '../../../src/core/incidents/kinds';

describe('incidents: kinds catalogue', () => {
  it('offers every kind on the 002 appendix I incident reporting form, in its wording', () => {
    const labels = KINDS.map((k) => k.label);
    for (const wording of [
      'Accessing age inappropriate websites, apps and social media',
      "Accessing someone else's account without permission",
      'Forwarding/spreading chain messages or threatening material',
      'Posting images without permission of all involved',
      'Online bullying or harassment',
      'Posting material that will bring an individual or the school into disrepute',
      'Racist, sexist, homophobic, religious or other hate material',
      'Online gambling',
      'Sexting/Child abuse images',
      'Deliberately bypassing security',
      'Grooming',
      'Hacking or spreading viruses',
      'Accessing, sharing or creating pornographic images and media',
      'Accessing and/or sharing terrorist',
      'Accessing, sharing or creating violent images and media',
      'Drug/bomb making material',
      "Creating an account in someone else's name to bring them into disrepute",
      'Breaching copyright regulations',
      'Other breach of acceptable use agreement',
      'Other, please specify',
    ]) {
      assert.ok(labels.some((l) => l.startsWith(wording)), `missing: ${wording}`);
    }
    assert.equal(KINDS.filter((k) => k.source.includes('002 appendix I')).length, 20);
  });

  it('marks exactly the 000 part 2 must-escalate kinds as serious harm, merged with the form where they are the same thing', () => {
    const serious = KINDS.filter((k) => k.seriousHarm).map((k) => k.id).sort();
    assert.deepEqual(serious, [
      'copyright', 'csam', 'extreme_pornography', 'fraud_extortion', 'grooming', 'hacking', 'harassment_stalking',
      'hate_crime', 'non_consensual_images', 'sale_of_illegal_materials', 'sexting', 'terrorist_material',
    ]);
    for (const k of KINDS.filter((x) => x.seriousHarm)) assert.match(k.source, /000 part 2/, k.id);
    // Twelve 000 part 2 kinds, five of them merged with a form kind: 20 + 12 - 5.
    assert.equal(KINDS.length, 27);
  });

  it('shows the UKCIS warning for nudes, sexting, CSAM, extreme pornography and sexual exploitation, and not for online bullying', () => {
    const imagery = KINDS.filter((k) => k.sexualImagery).map((k) => k.id).sort();
    assert.deepEqual(imagery, ['csam', 'extreme_pornography', 'grooming', 'non_consensual_images', 'sexting']);
  });

  it('gives every kind a unique stable snake_case id, one of the 4 Cs and a source', () => {
    assert.equal(new Set(KINDS.map((k) => k.id)).size, KINDS.length);
    for (const k of KINDS) {
      assert.match(k.id, /^[a-z][a-z0-9_]*$/);
      assert.ok((FOUR_CS as readonly string[]).includes(k.fourC), k.id);
      assert.ok(k.source.length > 0 && k.label.length > 0, k.id);
    }
  });

  it('files online bullying under conduct, grooming under contact, gambling under commerce and pornography under content (004 §1)', () => {
    assert.equal(kindById('online_bullying')?.fourC, 'conduct');
    assert.equal(kindById('grooming')?.fourC, 'contact');
    assert.equal(kindById('online_gambling')?.fourC, 'commerce');
    assert.equal(kindById('pornographic_media')?.fourC, 'content');
  });

  it('finds nothing for an unknown id', () => {
    assert.equal(kindById('nonsense'), undefined);
    assert.equal(kindTitle('nonsense'), 'nonsense');
  });

  it('groups the kinds by the 4 Cs in KCSiE order, every kind exactly once', () => {
    const groups = kindsByFourC();
    assert.deepEqual(groups.map((g) => g.label), ['Content', 'Contact', 'Conduct', 'Commerce']);
    assert.deepEqual(groups.map((g) => g.label), FOUR_CS.map((c) => FOUR_C_LABELS[c]));
    assert.equal(groups.flatMap((g) => g.kinds).length, KINDS.length);
    for (const g of groups) assert.ok(g.kinds.every((k) => k.fourC === g.fourC));
  });

  it('titles a kind with its C for a DSL reading a record', () => {
    assert.equal(kindTitle('online_bullying'), 'Online bullying or harassment (Conduct)');
  });
});

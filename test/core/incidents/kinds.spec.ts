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

  it('marks every 000 part 2 must-escalate kind as serious, merged with the form where they are the same thing', () => {
    for (const id of ['copyright', 'csam', 'extreme_pornography', 'fraud_extortion', 'grooming', 'hacking', 'harassment_stalking', 'hate_crime', 'non_consensual_images', 'sale_of_illegal_materials', 'sexting', 'terrorist_material']) {
      const k = kindById(id);
      assert.equal(k?.serious, true, id);
      assert.match(k?.source ?? '', /000 part 2/, id);
    }
    // Twenty form kinds, twelve 000 part 2 kinds (five merged with a form kind), eight from KCSiE, UKCIS and 004.
    assert.equal(KINDS.length, 20 + 12 - 5 + 8);
  });

  it('pages now for CSAE and grooming, sextortion, nudes of a child, self-harm, radicalisation and a missing child, and for nothing else', () => {
    const paging = KINDS.filter((k) => k.pageNow).map((k) => k.id).sort();
    assert.deepEqual(paging, [
      'csam', 'deepfake_sexual_images', 'grooming', 'missing_child', 'non_consensual_images', 'radicalisation', 'self_harm', 'sexting', 'sextortion', 'terrorist_material', 'upskirting',
    ]);
  });

  it('does not page for copyright, hacking or misinformation, though copyright and hacking stay serious (000 part 2)', () => {
    for (const id of ['copyright', 'hacking', 'misinformation', 'online_bullying', 'fraud_extortion', 'hate_crime', 'harmful_online_challenges']) assert.equal(kindById(id)?.pageNow, false, id);
    assert.equal(kindById('copyright')?.serious, true);
    assert.equal(kindById('hacking')?.serious, true);
    assert.equal(kindById('misinformation')?.serious, false);
  });

  it('makes every kind that pages serious too, and cites a source for every serious or paging default', () => {
    for (const k of KINDS) {
      if (k.pageNow) assert.equal(k.serious, true, k.id);
      assert.equal(Boolean(k.triageSource), k.serious || k.pageNow, `${k.id}: triageSource exactly when serious or paging`);
    }
  });

  it('adds the kinds the lead fixed, each with its C and a source in the guidance', () => {
    const expected: Record<string, string> = {
      self_harm: 'content', sextortion: 'contact', upskirting: 'conduct', deepfake_sexual_images: 'conduct',
      misinformation: 'content', radicalisation: 'content', harmful_online_challenges: 'conduct', missing_child: 'contact',
    };
    for (const [id, c] of Object.entries(expected)) {
      const k = kindById(id);
      assert.equal(k?.fourC, c, id);
      assert.match(k?.source ?? '', /004 §|KCSiE|UKCIS|DfE/, id);
    }
    assert.match(kindById('radicalisation')?.source ?? '', /004 §20\.7/);
    assert.ok(kindById('terrorist_material'), 'the old extremism id is kept');
  });

  it('shows the UKCIS step for every sexual kind: nudes, sexting, CSAM, pornography, sextortion, deepfakes, upskirting, sexual exploitation', () => {
    const imagery = KINDS.filter((k) => k.sexualImagery).map((k) => k.id).sort();
    assert.deepEqual(imagery, [
      'csam', 'deepfake_sexual_images', 'extreme_pornography', 'grooming', 'non_consensual_images', 'pornographic_media', 'sexting', 'sextortion', 'upskirting',
    ]);
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

  it('keeps every id stored on earlier incidents (ids are never renamed)', () => {
    for (const id of [
      'age_inappropriate_sites', 'hate_material', 'pornographic_media', 'violent_media', 'drug_bomb_making_material', 'terrorist_material', 'csam', 'extreme_pornography',
      'grooming', 'harassment_stalking', 'online_bullying', 'chain_or_threatening_messages', 'images_without_permission', 'disrepute_material', 'account_in_someone_elses_name',
      'account_access_without_permission', 'bypassing_security', 'sexting', 'non_consensual_images', 'hate_crime', 'hacking', 'copyright', 'other_aua_breach', 'other',
      'online_gambling', 'fraud_extortion', 'sale_of_illegal_materials',
    ]) assert.ok(kindById(id), id);
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

import assert from 'node:assert/strict';
import path from 'node:path';
import { loadSchool } from '../../../src/core/people/load-school';
import { candidateTitle, editDistance, matchPeople, roleOfPhrase } from '../../../src/core/people/match';

const demo = loadSchool(path.join(__dirname, '..', '..', '..', 'config', 'demo-school.yaml'));
// The demo school, plus a second Davies so that a shared surname has two people to offer.
const people = [...demo.everyone(), { email: 'mark.davies@demo-school.example', name: 'Mark Davies', roles: ['staff' as const] }];
const names = (text: string) => matchPeople(text, people).map((c) => c.name);

describe('people: matching a typed name or phrase (always to be confirmed)', () => {
  for (const typed of ['Mrs Carter', 'mrs carter', 'Mrs. Carter', '  MRS CARTER ', 'Helen Cartr', 'helen carter', 'Carter', 'Helen']) {
    it(`offers the headteacher Helen Carter for "${typed}"`, () => {
      assert.deepEqual(names(typed), ['Helen Carter']);
    });
  }

  for (const typed of ['the head', 'head', 'headteacher', 'Head Teacher', 'the headteacher', 'HT', 'principal', 'the Head.']) {
    it(`resolves the role phrase "${typed}" to the holder of the headteacher role`, () => {
      const [c, ...rest] = matchPeople(typed, people);
      assert.equal(c.email, 'helen.carter@demo-school.example');
      assert.equal(c.why, 'role');
      assert.deepEqual(rest, []);
    });
  }

  it('resolves "the DSL" and "safeguarding lead" to the DSL, and "deputy DSL" to both deputies', () => {
    assert.deepEqual(names('the DSL'), ['Alex Morgan']);
    assert.deepEqual(names('our safeguarding lead'), ['Alex Morgan']);
    assert.deepEqual(names('deputy DSL').sort(), ['Priya Shah', 'Tom Davies']);
  });

  it('resolves the chair, the online safety lead and the IT lead by their role phrases', () => {
    assert.deepEqual(names('chair of governors'), ['Richard Evans']);
    assert.deepEqual(names('the chair'), ['Richard Evans']);
    assert.deepEqual(names('online safety lead'), ['Sam Okafor']);
    assert.deepEqual(names('e-safety lead'), ['Sam Okafor']);
    assert.deepEqual(names('IT lead'), ['Chris Walker']);
  });

  it('matches a nickname with the surname: "Rich Evans" is Richard Evans, the chair', () => {
    assert.deepEqual(names('Rich Evans'), ['Richard Evans']);
    assert.deepEqual(names('Mr. Evans'), ['Richard Evans']);
  });

  it('strips other titles: "Dr Shah" is Priya Shah', () => {
    assert.deepEqual(names('Dr Shah'), ['Priya Shah']);
  });

  it('offers both people who share a surname, and neither ahead of the other', () => {
    const found = matchPeople('Mr Davies', people);
    assert.deepEqual(found.map((c) => c.name).sort(), ['Mark Davies', 'Tom Davies']);
    assert.equal(found[0].score, found[1].score);
  });

  it('matches an email address exactly', () => {
    assert.deepEqual(names('Helen.Carter@demo-school.example'), ['Helen Carter']);
  });

  it('offers nobody for a name that matches nobody, or a description', () => {
    assert.deepEqual(names('Mr Nobody'), []);
    assert.deepEqual(names('the supply teacher'), []);
    assert.deepEqual(names('   '), []);
  });

  it('does not treat a short word one letter off as a match (Jo is not Jon)', () => {
    assert.deepEqual(matchPeople('Jo', [{ email: 'jon@s.uk', name: 'Jon Price' }]), []);
  });

  it('names the role in the confirm question: "Helen Carter (headteacher)"', () => {
    assert.equal(candidateTitle(matchPeople('the head', people)[0]), 'Helen Carter (headteacher)');
    assert.equal(candidateTitle(matchPeople('Emma Clarke', people)[0]), 'Emma Clarke');
  });

  it('counts a swap of two letters as one typo', () => {
    assert.equal(editDistance('carter', 'cartre'), 1);
    assert.equal(editDistance('carter', 'cartr'), 1);
    assert.equal(editDistance('evans', 'evens'), 1);
    assert.ok(editDistance('evans', 'carter') > 2);
    assert.equal(roleOfPhrase('Mrs Carter'), null);
  });

  it('answers a 100,000-character "name" at once, offering nobody, and still finds a real name typed after long spaces', () => {
    for (const typed of ['abcdefghij'.repeat(10_000), 'Carterx'.repeat(15_000), `${'a '.repeat(50_000)}Carter`]) {
      const started = Date.now();
      const found = matchPeople(typed, people);
      assert.ok(Date.now() - started < 200, `took ${Date.now() - started} ms`);
      assert.deepEqual(found, []);
    }
    assert.deepEqual(names(`   Mrs Carter${' '.repeat(100)}`), ['Helen Carter']);
  });
});

import assert from 'node:assert/strict';
import { normalise, personChoice, searchPeople, MAX_RESULTS } from '../../../src/core/people/search';
import type { Person, Role } from '../../../src/core/model';

const person = (name: string, email: string, roles: Role[] = ['staff']): Person => ({ name, email, roles, known: true });

const SCHOOL: Person[] = [
  person('Helen Carter', 'h.carter@oakfield.sch.uk', ['headteacher']),
  person('Sam Cartwright', 's.cartwright@oakfield.sch.uk'),
  person('Priya Shah', 'p.shah@oakfield.sch.uk', ['dsl']),
  person('Dev Okafor', 'd.okafor@oakfield.sch.uk', ['deputy_dsl']),
  person("Siobhán O'Brien", 's.obrien@oakfield.sch.uk', ['chair_of_governors']),
  person('Tom Richards', 'tom.r@oakfield.sch.uk', ['ict_lead']),
  person('Mary Carterton-Jones', 'm.cj@oakfield.sch.uk'),
  person('Ann Lee', 'ann.lee@oakfield.sch.uk'),
  person('Richard Evans', 'r.evans@oakfield.sch.uk'),
];
const names = (query: string, limit?: number) => searchPeople(SCHOOL, query, limit).map((p) => p.name);

describe('people: searching the school for the person picker', () => {
  it('finds people by the start of their surname, the closest first and then by name', () => {
    assert.deepEqual(names('cart'), ['Helen Carter', 'Mary Carterton-Jones', 'Sam Cartwright']);
  });

  it('puts an exact name first, above people whose names merely start the same', () => {
    assert.deepEqual(names('helen carter').slice(0, 1), ['Helen Carter']);
    assert.deepEqual(names('Carter').slice(0, 2), ['Helen Carter', 'Mary Carterton-Jones']);
  });

  it('ignores titles and fillers, so "Mrs Carter" and "the head" search for Carter and the head', () => {
    assert.equal(names('Mrs Carter')[0], 'Helen Carter');
    assert.equal(names('the head')[0], 'Helen Carter');
  });

  it('finds the holder of a role from the words staff use for it', () => {
    assert.deepEqual(names('headteacher'), ['Helen Carter']);
    assert.deepEqual(names('head teacher'), ['Helen Carter']);
    assert.equal(names('DSL')[0], 'Priya Shah', 'the DSL before the deputy DSL');
    assert.ok(names('DSL').includes('Dev Okafor'));
    assert.deepEqual(names('chair of governors'), ["Siobhán O'Brien"]);
    assert.deepEqual(names('network manager'), ['Tom Richards']);
  });

  it('matches first-name and surname prefixes together, in either order', () => {
    assert.deepEqual(names('h cart'), ['Helen Carter']);
    assert.deepEqual(names('cartwright sam'), ['Sam Cartwright']);
  });

  it('forgives a typo and a nickname, as the confirm matcher does: "Helen Cartr", "Rich Evans"', () => {
    assert.equal(names('Helen Cartr')[0], 'Helen Carter');
    assert.equal(names('Rich Evans')[0], 'Richard Evans');
  });

  it('finds a name typed without its accent or apostrophe', () => {
    assert.deepEqual(names('obrien'), ["Siobhán O'Brien"]);
    assert.deepEqual(names('siobhan'), ["Siobhán O'Brien"]);
  });

  it('finds people by the start of their email address', () => {
    assert.deepEqual(names('tom.r@'), ['Tom Richards']);
    assert.deepEqual(names('s.cart'), ['Sam Cartwright']);
  });

  it('finds nobody for a blank query, a title alone, or a name nobody has', () => {
    assert.deepEqual(names(''), []);
    assert.deepEqual(names('   '), []);
    assert.deepEqual(names('Mrs'), []);
    assert.deepEqual(names('zebedee'), []);
  });

  it('does not treat one or two stray letters inside a name as a match', () => {
    assert.deepEqual(names('ar'), [], '"ar" starts no name, role or email');
  });

  it('returns at most the limit asked for, and never more than a picker shows', () => {
    assert.equal(names('cart', 2).length, 2);
    const crowd = Array.from({ length: 40 }, (_, i) => person(`Alex Smith${i}`, `a${i}@s.uk`));
    assert.equal(searchPeople(crowd, 'alex', 100).length, MAX_RESULTS);
  });

  it('normalises case, accents and punctuation the same way for names and queries', () => {
    assert.equal(normalise("  Siobhán  O'Brien-Kelly "), 'siobhan obrien kelly');
  });
});

describe('people: what a picker option shows', () => {
  const twins = [person('Sam Patel', 'sam.patel@s.uk'), person('Sam  patel', 'spatel2@s.uk'), person('Ann Lee', 'ann.lee@s.uk')];

  it('shows only the name when it is unique in the school', () => {
    assert.deepEqual(personChoice(twins[2], twins), { value: 'ann.lee@s.uk', title: 'Ann Lee' });
  });

  it('adds the email only when two people share a name, so they can be told apart', () => {
    assert.deepEqual(personChoice(twins[0], twins), { value: 'sam.patel@s.uk', title: 'Sam Patel (sam.patel@s.uk)' });
    assert.equal(personChoice(twins[1], twins).title, 'Sam  patel (spatel2@s.uk)');
  });
});
